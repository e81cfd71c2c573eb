using System.Text.Json;
using HubPlatform.Client.Tests;
using WireMock.RequestBuilders;

namespace HubPlatform.Cli.Tests;

public class CliCommandTests
{
    private static readonly FakeFile[] Files =
    [
        FakeFile.Text("config.json", "{}"),
        FakeFile.Text("README.md", "# hi"),
        FakeFile.Binary("onnx/model.onnx", 4096),
        FakeFile.Binary("onnx/model_fp16.onnx", 2048, seed: 9),
    ];

    [Fact]
    public async Task Download_prints_the_snapshot_folder_last_and_honours_include_and_exclude()
    {
        using var hub = new FakeHub();
        var repo = hub.AddRepo("acme/cli", files: Files);
        using var home = new TempDir();

        var run = await CliRun.RunAsync(CliRun.EnvFor(hub, home), "download", "acme/cli", "--include", "onnx/", "--include", "*.json", "--exclude", "*_fp16.onnx");

        Assert.Equal(0, run.ExitCode);
        var folder = Path.Combine(home.Path, "hub", "models--acme--cli", "snapshots", repo.Commit);
        Assert.Equal(folder, run.OutLines[^1]);
        Assert.Single(run.OutLines);
        Assert.True(File.Exists(Path.Combine(folder, "onnx", "model.onnx")));
        Assert.True(File.Exists(Path.Combine(folder, "config.json")));
        Assert.False(File.Exists(Path.Combine(folder, "README.md")));
        Assert.False(File.Exists(Path.Combine(folder, "onnx", "model_fp16.onnx")));
        Assert.Contains(run.ErrorLines, l => l.StartsWith("onnx/model.onnx (4.1 kB)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Download_include_patterns_are_fnmatch_globs_with_question_marks_and_classes()
    {
        using var hub = new FakeHub();
        var repo = hub.AddRepo("acme/shards", files:
        [
            FakeFile.Binary("model-00001-of-00002.safetensors", 100, seed: 1),
            FakeFile.Binary("model-00002-of-00002.safetensors", 100, seed: 2),
            FakeFile.Binary("model-00010-of-00012.safetensors", 100, seed: 3),
            FakeFile.Text("a.txt", "a"),
            FakeFile.Text("c.txt", "c"),
        ]);
        using var home = new TempDir();

        var run = await CliRun.RunAsync(CliRun.EnvFor(hub, home), "download", "acme/shards", "--include", "model-0000?-of-00002.safetensors", "--include", "[ab].txt", "-q");

        Assert.Equal(0, run.ExitCode);
        var folder = Path.Combine(home.Path, "hub", "models--acme--shards", "snapshots", repo.Commit);
        Assert.Equal(
            ["a.txt", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"],
            Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Download_of_named_files_into_a_local_dir_prints_that_dir()
    {
        using var hub = new FakeHub();
        hub.AddRepo("acme/cli", files: Files);
        using var home = new TempDir();
        var target = home.Combine("out");

        var run = await CliRun.RunAsync(CliRun.EnvFor(hub, home), "download", "acme/cli", "onnx/model.onnx", "config.json", "--local-dir", target, "-q");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(target, run.OutLines[^1]);
        Assert.Equal(Files[2].Content, await File.ReadAllBytesAsync(Path.Combine(target, "onnx", "model.onnx"), TestContext.Current.CancellationToken));
        Assert.Empty(run.Error);
    }

    [Theory]
    [InlineData("token", "list")]
    [InlineData("fsck")]
    public async Task A_data_folder_whose_database_is_not_sqlite_is_one_line_and_exit_code_1(params string[] command)
    {
        using var data = new TempDir();
        await File.WriteAllTextAsync(data.Combine("hub.db"), "this is not a database", TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync(new Dictionary<string, string>(), [.. command, "--data", data.Path]);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("hub: error: the mirror's database", line, StringComparison.Ordinal);
        Assert.Contains("not a database", line, StringComparison.Ordinal);
        Assert.Equal("this is not a database", await File.ReadAllTextAsync(data.Combine("hub.db"), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("token", "list")]
    public async Task A_data_folder_that_is_a_file_is_bad_usage(params string[] command)
    {
        using var dir = new TempDir();
        var file = dir.Combine("not-a-folder");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync(new Dictionary<string, string>(), [.. command, "--data", file]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is a file", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hub_error_is_one_line_on_stderr_and_exit_code_1()
    {
        using var hub = new FakeHub();
        hub.AddError("/api/models/acme/missing/revision/main", 404, "RepoNotFound", "Repository not found");
        hub.AddError("/api/models/acme/missing", 404, "RepoNotFound", "Repository not found");
        using var home = new TempDir();

        var run = await CliRun.RunAsync(CliRun.EnvFor(hub, home), "info", "acme/missing");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("hub: error: 404 NotFound (RepoNotFound)", line, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Theory]
    [InlineData("ls", "spaces-and-more")]
    [InlineData("info", "not//valid")]
    [InlineData("download", "acme/x", "--revision", "a..b")]
    [InlineData("download", "acme/x", "f.json", "--include", "*.json")]
    [InlineData("download", "acme/x", "../escape")]
    [InlineData("ls", "models", "--limit", "0")]
    [InlineData("frobnicate")]
    [InlineData("ls", "models", "--full", "--expand", "likes")]
    public async Task Bad_usage_exits_2_without_calling_the_hub(params string[] args)
    {
        using var hub = new FakeHub();
        using var home = new TempDir();

        var run = await CliRun.RunAsync(CliRun.EnvFor(hub, home), args);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("hub: ", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.Empty(hub.Log);
    }

    [Fact]
    public async Task Ls_prints_tab_separated_rows_or_one_json_array()
    {
        using var hub = new FakeHub();
        hub.Server.Given(Request.Create().WithPath("/api/models").UsingGet())
            .RespondWith(FakeHub.Json(200, """[{"_id":"1","id":"acme/a","pipeline_tag":"fill-mask","downloads":5,"likes":1,"lastModified":"2025-05-30T08:00:00.000Z"},{"_id":"2","id":"acme/b"}]"""));
        using var home = new TempDir();

        var text = await CliRun.RunAsync(CliRun.EnvFor(hub, home), "ls", "models", "--author", "acme", "--filter", "onnx", "--library", "transformers", "--language", "da");
        var json = await CliRun.RunAsync(CliRun.EnvFor(hub, home), "ls", "models", "--json");

        Assert.Equal(0, text.ExitCode);
        Assert.Equal(["id\ttask\tdownloads\tlikes\tmodified", "acme/a\tfill-mask\t5\t1\t2025-05-30", "acme/b"], text.OutLines);
        Assert.Equal(["onnx", "transformers", "da"], hub.Log[0].RequestMessage!.Query!["filter"].ToArray());
        Assert.Equal("20", hub.Log[0].RequestMessage!.Query!["limit"].Single());
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal(["acme/a", "acme/b"], doc.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Info_and_tree_print_what_the_hub_said()
    {
        using var hub = new FakeHub();
        var repo = hub.AddRepo("acme/cli", files: Files);
        using var home = new TempDir();
        var env = CliRun.EnvFor(hub, home);

        var info = await CliRun.RunAsync(env, "info", "acme/cli");
        var infoJson = await CliRun.RunAsync(env, "info", "acme/cli", "--json");
        var tree = await CliRun.RunAsync(env, "tree", "acme/cli", "--recursive", "--revision", repo.Commit);

        Assert.Equal(0, info.ExitCode);
        Assert.Contains(info.OutLines, l => l == "id            acme/cli");
        Assert.Contains(info.OutLines, l => l == $"sha           {repo.Commit}");
        using (var doc = JsonDocument.Parse(infoJson.Out))
        {
            Assert.Equal(repo.Commit, doc.RootElement.GetProperty("sha").GetString());
            Assert.True(doc.RootElement.GetProperty("someFutureField").GetProperty("kept").GetBoolean());
        }

        Assert.Equal(0, tree.ExitCode);
        Assert.Contains(tree.OutLines, l => l.EndsWith("onnx/", StringComparison.Ordinal));
        Assert.Contains(tree.OutLines, l => l == "4.1 kB  onnx/model.onnx");
    }

    [Fact]
    public async Task Login_verifies_and_stores_the_token_and_logout_removes_it()
    {
        using var hub = new FakeHub();
        hub.Server.Given(Request.Create().WithPath("/api/whoami-v2").WithHeader("Authorization", "Bearer hf_new").UsingGet()).AtPriority(-2)
            .RespondWith(FakeHub.Json(200, """{"type":"user","name":"alice","orgs":[{"name":"acme"}],"auth":{"type":"access_token","accessToken":{"displayName":"laptop","role":"write"}}}"""));
        hub.AddError("/api/whoami-v2", 401, null, "Invalid credentials in Authorization header");
        using var home = new TempDir();
        var env = CliRun.EnvFor(hub, home, withToken: false);

        var bad = await CliRun.RunAsync(env, "login", "--token", "hf_wrong");
        Assert.Equal(1, bad.ExitCode);
        Assert.False(File.Exists(Path.Combine(home.Path, "token")));

        var login = await CliRun.RunAsync(env, "login", "--token", "hf_new");
        Assert.Equal(0, login.ExitCode);
        Assert.Contains("Logged in as alice", login.Out, StringComparison.Ordinal);
        Assert.Equal("hf_new", await File.ReadAllTextAsync(Path.Combine(home.Path, "token"), TestContext.Current.CancellationToken));

        var whoami = await CliRun.RunAsync(env, "whoami");
        Assert.Equal(0, whoami.ExitCode);
        Assert.Equal(["alice", "orgs: acme", "token: laptop (write)"], whoami.OutLines);

        var logout = await CliRun.RunAsync(env, "logout");
        Assert.Equal(0, logout.ExitCode);
        Assert.False(File.Exists(Path.Combine(home.Path, "token")));
        var after = await CliRun.RunAsync(env, "whoami");
        Assert.Equal(1, after.ExitCode);
        Assert.Contains("not logged in", after.Error, StringComparison.Ordinal);
    }
}
