using System.Net;
using HubPlatform.Client;
using HubPlatform.Client.Tests;
using HubPlatform.Hub;
using HubPlatform.Mirror;
using HubPlatform.Mirror.Tests;
using HubPlatform.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Cli.Tests;

/// <summary><c>hub upload</c>, <c>hub delete</c>, <c>hub repo</c>, <c>hub branch</c> and <c>hub tag</c> against a mirror in this process.</summary>
public sealed class UploadCommandTests : IAsyncLifetime
{
    private readonly TempDir _home = new();
    private WebApplication _app = null!;
    private Dictionary<string, string> _env = null!;
    private Uri _url = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await MirrorApp.BuildAsync(["--urls", "http://127.0.0.1:0"], Path.Combine(_home.Path, "data"));
        await _app.StartAsync();
        _url = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await using var scope = _app.Services.CreateAsyncScope();
        var token = await scope.ServiceProvider.GetRequiredService<TokenService>().CreateAsync("alice", "cli", "write", ["acme"], CancellationToken.None);
        _env = new Dictionary<string, string> { ["HF_ENDPOINT"] = _url.ToString(), ["HF_HOME"] = Path.Combine(_home.Path, "hf"), ["HF_TOKEN"] = token };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task Access_commands_request_list_accept_reject_and_grant_on_a_gated_repo()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateDirectory(Path.Combine(_home.Path, "gated")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "config.json"), "{}", ct);
        Assert.Equal(0, (await CliRun.RunAsync(_env, "repo", "create", "acme/gated-cli")).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(_env, "upload", "acme/gated-cli", folder, "--quiet")).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(_env, "repo", "settings", "acme/gated-cli", "--gated", "manual")).ExitCode);
        string bob, carol;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<TokenService>();
            bob = await tokens.CreateAsync("bob", "cli", "read", [], ct);
            carol = await tokens.CreateAsync("carol", "cli", "read", [], ct);
        }

        var asBob = new Dictionary<string, string>(_env) { ["HF_TOKEN"] = bob };
        var refused = await CliRun.RunAsync(asBob, "download", "acme/gated-cli", "config.json");
        var requested = await CliRun.RunAsync(asBob, "access", "request", "acme/gated-cli", "--field", "company=Initech");
        var pending = await CliRun.RunAsync(_env, "access", "list", "acme/gated-cli");
        var accepted = await CliRun.RunAsync(_env, "access", "accept", "acme/gated-cli", "bob");
        var allowed = await CliRun.RunAsync(asBob, "download", "acme/gated-cli", "config.json");
        var rejected = await CliRun.RunAsync(_env, "access", "reject", "acme/gated-cli", "bob", "--reason", "not now");
        var listed = await CliRun.RunAsync(_env, "access", "list", "acme/gated-cli", "--status", "rejected");
        var granted = await CliRun.RunAsync(_env, "access", "grant", "acme/gated-cli", "carol");
        var twice = await CliRun.RunAsync(_env, "access", "grant", "acme/gated-cli", "carol");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("gated", refused.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((0, "pending"), (requested.ExitCode, requested.OutLines.Single()));
        Assert.Matches(@"^bob\tpending\t\d{4}-\d\d-\d\d \d\d:\d\d\tcompany=Initech$", pending.OutLines.Single());
        Assert.Equal((0, 0, 0), (accepted.ExitCode, allowed.ExitCode, rejected.ExitCode));
        Assert.StartsWith("bob\trejected", listed.OutLines.Single(), StringComparison.Ordinal);
        Assert.Equal(0, granted.ExitCode);
        Assert.NotEqual(0, twice.ExitCode);
        Assert.Single(twice.ErrorLines);
    }

    [Fact]
    public async Task Upload_sends_a_folder_with_filters_and_delete_branch_tag_and_repo_commands_work()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateDirectory(Path.Combine(_home.Path, "model")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "config.json"), "{\"hidden_size\":8}", ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.tmp"), "skip me", ct);
        var weights = new byte[11_000_000];
        Random.Shared.NextBytes(weights);
        await File.WriteAllBytesAsync(Path.Combine(folder, "model.bin"), weights, ct);

        var created = await CliRun.RunAsync(_env, "repo", "create", "acme/cli-model", "--private");
        var uploaded = await CliRun.RunAsync(_env, "upload", "acme/cli-model", folder, "--exclude", "*.tmp", "--commit-message", "First weights");
        var single = await CliRun.RunAsync(_env, "upload", "acme/cli-model", Path.Combine(folder, "config.json"), "configs/copy.json");
        var branch = await CliRun.RunAsync(_env, "branch", "create", "acme/cli-model", "dev");
        var tag = await CliRun.RunAsync(_env, "tag", "create", "acme/cli-model", "v1", "-m", "first");
        var deleted = await CliRun.RunAsync(_env, "delete", "acme/cli-model", "configs/");

        Assert.Equal((0, $"{_url.ToString().TrimEnd('/')}/acme/cli-model"), (created.ExitCode, created.OutLines.Single()));
        Assert.Equal(0, uploaded.ExitCode);
        Assert.StartsWith($"{_url.ToString().TrimEnd('/')}/acme/cli-model/commit/", uploaded.OutLines.Single(), StringComparison.Ordinal);
        Assert.Equal((0, 0, 0, 0), (single.ExitCode, branch.ExitCode, tag.ExitCode, deleted.ExitCode));
        using var client = HubClient.Create(new HubClientOptions { Endpoint = _url, Token = _env["HF_TOKEN"], CacheDirectory = Path.Combine(_home.Path, "cache") });
        var repo = RepoId.Parse("acme/cli-model");
        var info = await client.Models.GetAsync(repo, cancellationToken: ct);
        Assert.True(info.Private);
        Assert.Equal([".gitattributes", "config.json", "model.bin"], info.Siblings!.Select(s => s.RFileName).Order(StringComparer.Ordinal));
        var refs = await client.Repos.GetRefsAsync(repo, cancellationToken: ct);
        Assert.Contains(refs.Branches, b => b.Name == "dev");
        Assert.Contains(refs.Tags, t => t.Name == "v1");
        var local = await client.Files.DownloadFileAsync(repo, "model.bin", cancellationToken: ct);
        Assert.Equal(weights, await File.ReadAllBytesAsync(local, ct));

        var again = await CliRun.RunAsync(_env, "upload", "acme/cli-model", folder, "--exclude", "*.tmp", "--quiet");
        Assert.Equal(info.Sha, again.OutLines.Single().Split('/')[^1]);

        var settings = await CliRun.RunAsync(_env, "repo", "settings", "acme/cli-model", "--private", "false");
        using var anonymous = new HttpClient { BaseAddress = _url };
        Assert.Equal((0, HttpStatusCode.OK), (settings.ExitCode, (await anonymous.GetAsync("/api/models/acme/cli-model", ct)).StatusCode));
        var removed = await CliRun.RunAsync(_env, "repo", "delete", "acme/cli-model");
        var gone = await anonymous.GetAsync("/api/models/acme/cli-model", ct);
        Assert.Equal((0, HttpStatusCode.Unauthorized, "RepoNotFound"), (removed.ExitCode, gone.StatusCode, gone.Headers.GetValues("X-Error-Code").Single()));
    }

    [Fact]
    public async Task Bad_usage_and_hub_refusals_exit_with_one_line_and_the_right_code()
    {
        var missing = await CliRun.RunAsync(_env, "upload", "acme/none", Path.Combine(_home.Path, "no-such-folder"));
        var badPath = await CliRun.RunAsync(_env, "delete", "acme/none", "../etc/passwd");
        var badGate = await CliRun.RunAsync(_env, "repo", "settings", "acme/none", "--gated", "sometimes");
        var noRepo = await CliRun.RunAsync(_env, "upload", "acme/none", _home.Path, "--include", "*.nothing");
        await CliRun.RunAsync(_env, "repo", "create", "acme/twice");
        var twice = await CliRun.RunAsync(_env, "repo", "create", "acme/twice");
        var twiceOk = await CliRun.RunAsync(_env, "repo", "create", "acme/twice", "--exist-ok");

        Assert.Equal((2, 2, 2), (missing.ExitCode, badPath.ExitCode, badGate.ExitCode));
        Assert.Equal(1, noRepo.ExitCode);
        Assert.Equal((1, 0), (twice.ExitCode, twiceOk.ExitCode));
        Assert.All(new[] { missing, badPath, badGate, noRepo, twice }, r => Assert.Single(r.ErrorLines));
    }

    [Fact]
    public async Task A_folder_sent_with_hub_upload_is_read_by_the_npm_client_and_npm_uploads_are_read_by_hub_download()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateDirectory(Path.Combine(_home.Path, "round")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "config.json"), "{\"model_type\":\"bert\"}", ct);
        var weights = new byte[15_000_000];
        Random.Shared.NextBytes(weights);
        Directory.CreateDirectory(Path.Combine(folder, "onnx"));
        await File.WriteAllBytesAsync(Path.Combine(folder, "onnx", "model.onnx"), weights, ct);
        var expected = new Dictionary<string, string>
        {
            ["config.json"] = Sha(Path.Combine(folder, "config.json")),
            ["onnx/model.onnx"] = Sha(Path.Combine(folder, "onnx", "model.onnx")),
        };
        Assert.Equal(0, (await CliRun.RunAsync(_env, "upload", "acme/round", folder, "--create", "-q")).ExitCode);

        var (downCode, downOutput) = await NodeScript.RunAsync("roundtrip.mjs", NodeEnv("acme/round", "download", System.Text.Json.JsonSerializer.Serialize(expected)));
        Assert.True(downCode == 0, downOutput);
        Assert.Contains("2 passed, 0 failed", downOutput, StringComparison.Ordinal);

        Assert.Equal(0, (await CliRun.RunAsync(_env, "repo", "create", "acme/from-npm")).ExitCode);
        var (upCode, upOutput) = await NodeScript.RunAsync("roundtrip.mjs", NodeEnv("acme/from-npm", "upload", null));
        Assert.True(upCode == 0, upOutput);
        var sent = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(upOutput.Split('\n').Single(l => l.StartsWith("files: ", StringComparison.Ordinal))["files: ".Length..])!;
        var download = await CliRun.RunAsync(_env, "download", "acme/from-npm", "-q");
        Assert.Equal(0, download.ExitCode);
        foreach (var (path, sha) in sent)
        {
            Assert.Equal(sha, Sha(Path.Combine(download.OutLines[^1], path)));
        }
    }

    [Fact]
    public async Task Card_set_edits_only_the_named_keys_and_commits_readme_alone()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateDirectory(Path.Combine(_home.Path, "carded")).FullName;
        const string readme = "---\n# chosen with legal\nlicense: apache-2.0   # do not change lightly\ntags:\n  - tiny\nlibrary_name: transformers\n---\n# Tiny\n\nBody text.\n";
        await File.WriteAllTextAsync(Path.Combine(folder, "README.md"), readme, ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "config.json"), "{}", ct);
        Assert.Equal(0, (await CliRun.RunAsync(_env, "upload", "acme/carded", folder, "--create", "-q")).ExitCode);
        using var client = HubClient.Create(new HubClientOptions { Endpoint = _url, Token = _env["HF_TOKEN"], CacheDirectory = Path.Combine(_home.Path, "cache2") });
        var repo = RepoId.Parse("acme/carded");
        var before = (await client.Models.GetAsync(repo, cancellationToken: ct)).Sha;

        var set = await CliRun.RunAsync(_env, "card", "set", "acme/carded", "pipeline_tag=fill-mask", "language=[en, fr]", "--unset", "library_name");
        var refused = await CliRun.RunAsync(_env, "card", "set", "acme/carded", "license=not-a-license");
        var badPair = await CliRun.RunAsync(_env, "card", "set", "acme/carded", "no-equals-sign");

        Assert.Equal(0, set.ExitCode);
        Assert.Equal((1, 2), (refused.ExitCode, badPair.ExitCode));
        Assert.Contains("license", refused.ErrorLines.Single(), StringComparison.Ordinal);
        await using var stream = await client.Files.OpenReadAsync(repo, "README.md", cancellationToken: ct);
        var text = await new StreamReader(stream).ReadToEndAsync(ct);
        Assert.Equal("---\n# chosen with legal\nlicense: apache-2.0   # do not change lightly\ntags:\n  - tiny\npipeline_tag: fill-mask\nlanguage:\n- en\n- fr\n---\n# Tiny\n\nBody text.\n", text);
        var commits = new List<string>();
        await foreach (var c in client.Repos.ListCommitsAsync(repo, cancellationToken: ct))
        {
            commits.Add(c.Id);
        }

        Assert.Equal(before, commits[1]);
        var info = await client.Models.GetAsync(repo, cancellationToken: ct);
        Assert.Equal(set.OutLines.Single().Split('/')[^1], info.Sha);
        Assert.Equal("fill-mask", info.PipelineTag);
        var tree = new Dictionary<string, string>();
        await foreach (var e in client.Repos.ListTreeAsync(repo, recursive: true, expand: true, cancellationToken: ct))
        {
            tree[e.Path] = e.LastCommit?.Id ?? string.Empty;
        }

        Assert.Equal(info.Sha, tree["README.md"]);
        Assert.Equal(before, tree["config.json"]);
    }

    [Fact]
    public async Task Upload_to_a_branch_with_delete_patterns_then_branch_tag_and_repo_moves_and_deletions()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateDirectory(Path.Combine(_home.Path, "branchy")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "a.txt"), "a", ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "b.txt"), "b", ct);
        Assert.Equal(0, (await CliRun.RunAsync(_env, "upload", "acme/branchy", folder, "--create", "-q")).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(_env, "branch", "create", "acme/branchy", "dev")).ExitCode);
        File.Delete(Path.Combine(folder, "b.txt"));
        await File.WriteAllTextAsync(Path.Combine(folder, "c.txt"), "c", ct);

        var onDev = await CliRun.RunAsync(_env, "upload", "acme/branchy", folder, "--revision", "dev", "--delete", "*.txt", "-q");
        Assert.Equal(0, onDev.ExitCode);
        using var client = HubClient.Create(new HubClientOptions { Endpoint = _url, Token = _env["HF_TOKEN"], CacheDirectory = Path.Combine(_home.Path, "cache3") });
        async Task<List<string>> Files(string repo, string revision)
        {
            var files = new List<string>();
            await foreach (var e in client.Repos.ListTreeAsync(RepoId.Parse(repo), revision: Revision.Parse(revision), recursive: true, cancellationToken: ct))
            {
                files.Add(e.Path);
            }

            return files.Order(StringComparer.Ordinal).ToList();
        }

        Assert.Equal([".gitattributes", "a.txt", "c.txt"], await Files("acme/branchy", "dev"));
        Assert.Equal([".gitattributes", "a.txt", "b.txt"], await Files("acme/branchy", "main"));

        Assert.Equal(0, (await CliRun.RunAsync(_env, "tag", "create", "acme/branchy", "v2", "--revision", "dev")).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(_env, "tag", "delete", "acme/branchy", "v2")).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(_env, "branch", "delete", "acme/branchy", "dev")).ExitCode);
        var gone = await CliRun.RunAsync(_env, "branch", "delete", "acme/branchy", "dev");
        Assert.Equal((1, 1), (gone.ExitCode, gone.ErrorLines.Length));
        var refs = await client.Repos.GetRefsAsync(RepoId.Parse("acme/branchy"), cancellationToken: ct);
        Assert.Equal((1, 0), (refs.Branches.Count, refs.Tags.Count));

        Assert.Equal(0, (await CliRun.RunAsync(_env, "repo", "move", "acme/branchy", "acme/renamed")).ExitCode);
        Assert.Equal([".gitattributes", "a.txt", "b.txt"], await Files("acme/renamed", "main"));
        Assert.Equal(2, (await CliRun.RunAsync(_env, "repo", "move", "acme/renamed", "no-namespace")).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(_env, "repo", "delete", "acme/renamed")).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(_env, "repo", "delete", "acme/renamed", "--missing-ok")).ExitCode);
    }

    private Dictionary<string, string> NodeEnv(string repo, string mode, string? expect)
    {
        var env = new Dictionary<string, string> { ["HUB_URL"] = _url.ToString().TrimEnd('/'), ["HUB_TOKEN"] = _env["HF_TOKEN"], ["REPO"] = repo, ["MODE"] = mode };
        if (expect is not null)
        {
            env["EXPECT"] = expect;
        }

        return env;
    }

    private static string Sha(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }
}
