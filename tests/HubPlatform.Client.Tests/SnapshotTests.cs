using System.Text.Json;
using HubPlatform.Client.Files;
using HubPlatform.Hub;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace HubPlatform.Client.Tests;

public class SnapshotTests
{
    private static readonly FakeFile[] Files =
    [
        FakeFile.Text("config.json", "{}"),
        FakeFile.Text("tokenizer.json", "{\"t\":1}"),
        FakeFile.Text("README.md", "# card"),
        FakeFile.Binary("onnx/model.onnx", 5000, seed: 1),
        FakeFile.Binary("onnx/model_quantized.onnx", 3000, seed: 2),
        FakeFile.Text("onnx/config.json", "{\"nested\":true}"),
        FakeFile.Binary("pytorch_model.bin", 4000, seed: 3),
    ];

    [Fact]
    public async Task Snapshot_fetches_only_what_include_and_exclude_select()
    {
        using var hub = new FakeHub();
        var repo = hub.AddRepo("acme/snap", files: Files);
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Path);

        var folder = await client.Files.SnapshotDownloadAsync(
            RepoId.Parse("acme/snap"),
            new SnapshotOptions { AllowPatterns = ["*.json", "onnx/"], IgnorePatterns = ["*_quantized.onnx", "tokenizer.json"], MaxParallelDownloads = 3 },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Path.Combine(dir.Path, "models--acme--snap", "snapshots", repo.Commit), folder);
        var got = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(folder, p).Replace('\\', '/')).Order(StringComparer.Ordinal);
        Assert.Equal(["config.json", "onnx/config.json", "onnx/model.onnx"], got);
        foreach (var file in Files.Where(f => got.Contains(f.Path)))
        {
            Assert.Equal(file.Content, await File.ReadAllBytesAsync(Path.Combine(folder, file.Path), TestContext.Current.CancellationToken));
        }

        Assert.Equal(repo.Commit, await File.ReadAllTextAsync(Path.Combine(dir.Path, "models--acme--snap", "refs", "main"), TestContext.Current.CancellationToken));
        Assert.DoesNotContain(hub.Log, e => e.RequestMessage!.Path.EndsWith("pytorch_model.bin", StringComparison.Ordinal));

        // trees/{commit}.json lists the whole commit, in huggingface_hub's format.
        using var tree = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir.Path, "models--acme--snap", "trees", repo.Commit + ".json"), TestContext.Current.CancellationToken));
        Assert.Equal(1, tree.RootElement.GetProperty("format_version").GetInt32());
        var onnx = tree.RootElement.GetProperty("files").GetProperty("onnx/model.onnx");
        Assert.Equal(Files[3].Sha256, onnx.GetProperty("lfs_sha256").GetString());
        Assert.Equal(Files[3].Oid, onnx.GetProperty("blob_id").GetString());
        Assert.Equal(Files.Length, tree.RootElement.GetProperty("files").EnumerateObject().Count());
    }

    [Fact]
    public async Task One_failed_file_fails_the_snapshot_with_its_name_and_keeps_the_rest()
    {
        using var hub = new FakeHub();
        hub.AddRepo("acme/broken", files: Files[..3]);
        hub.Server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/acme/broken/resolve/*/README.md")).UsingGet()).AtPriority(-1)
            .RespondWith(Response.Create().WithStatusCode(403).WithHeader("Content-Type", "application/json").WithBody("{\"error\":\"forbidden file\"}"));
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Path);

        var e = await Assert.ThrowsAsync<SnapshotDownloadException>(() => client.Files.SnapshotDownloadAsync(RepoId.Parse("acme/broken"), new SnapshotOptions { MaxParallelDownloads = 1 }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("README.md", e.FailedPath);
        Assert.Contains("README.md", e.Message, StringComparison.Ordinal);
        var snapshot = Path.Combine(dir.Path, "models--acme--broken", "snapshots", FakeHub.RandomCommit("acme/broken"));
        Assert.True(File.Exists(Path.Combine(snapshot, "config.json")));
    }

    [Fact]
    public async Task Snapshot_into_a_local_dir_writes_plain_files()
    {
        using var hub = new FakeHub();
        hub.AddRepo("acme/local", files: Files[..4]);
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Combine("cache"));
        var target = dir.Combine("model");

        var folder = await client.Files.SnapshotDownloadAsync(RepoId.Parse("acme/local"), new SnapshotOptions { LocalDirectory = target }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(target, folder);
        Assert.Equal(Files[3].Content, await File.ReadAllBytesAsync(Path.Combine(target, "onnx", "model.onnx"), TestContext.Current.CancellationToken));
        Assert.Null(new FileInfo(Path.Combine(target, "config.json")).LinkTarget);
    }

    [Fact]
    public async Task Offline_snapshot_returns_the_cached_folder_without_requests()
    {
        using var hub = new FakeHub();
        hub.AddRepo("acme/snap-off", files: Files[..2]);
        using var dir = new TempDir();
        var ct = TestContext.Current.CancellationToken;
        string online;
        using (var client = hub.CreateClient(dir.Path))
        {
            online = await client.Files.SnapshotDownloadAsync(RepoId.Parse("acme/snap-off"), cancellationToken: ct);
        }

        var before = hub.Log.Count;
        using var offline = hub.CreateClient(dir.Path, o => o.Offline = true);
        Assert.Equal(online, await offline.Files.SnapshotDownloadAsync(RepoId.Parse("acme/snap-off"), cancellationToken: ct));
        await Assert.ThrowsAsync<HubPlatform.Client.Errors.LocalEntryNotFoundException>(() => offline.Files.SnapshotDownloadAsync(RepoId.Parse("acme/never"), cancellationToken: ct));
        Assert.Equal(before, hub.Log.Count);
    }

    [Theory]
    [InlineData("a.json", new[] { "*.json" }, new string[0], true)]
    [InlineData("sub/deep/a.json", new[] { "*.json" }, new string[0], true)]
    [InlineData("onnx/x/y.bin", new[] { "onnx/" }, new string[0], true)]
    [InlineData("other/y.bin", new[] { "onnx/" }, new string[0], false)]
    [InlineData("onnx/model.onnx", new[] { "onnx/*.onnx" }, new string[0], true)]
    [InlineData("onnx/sub/model.onnx", new[] { "onnx/*.onnx" }, new string[0], true)]
    [InlineData("onnx/sub/model.onnx", new[] { "onnx/**/*.onnx" }, new string[0], true)]
    [InlineData("sub/config.json", new[] { "config.json" }, new string[0], false)]
    [InlineData("model-00001-of-00002.safetensors", new[] { "model-0000?-of-00002.safetensors" }, new string[0], true)]
    [InlineData("model-00012-of-00002.safetensors", new[] { "model-0000?-of-00002.safetensors" }, new string[0], false)]
    [InlineData("b.bin", new[] { "[abc].bin" }, new string[0], true)]
    [InlineData("d.bin", new[] { "[abc].bin" }, new string[0], false)]
    [InlineData("a.bin", new string[0], new[] { "[!b].bin" }, false)]
    [InlineData("a.bin", new string[0], new[] { "*.bin" }, false)]
    [InlineData("a.txt", new string[0], new[] { "*.bin" }, true)]
    public void Path_filter_reads_patterns_as_huggingface_hubs_fnmatch(string path, string[] allow, string[] ignore, bool included)
    {
        Assert.Equal(included, new RepoPathFilter(allow, ignore).Includes(path));
    }
}
