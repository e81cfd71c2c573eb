using System.Text;
using HubPlatform.Client.Errors;
using HubPlatform.Client.Files;
using HubPlatform.Hub;

namespace HubPlatform.Client.Tests;

public class CacheLayoutTests
{
    private static readonly FakeFile Config = FakeFile.Text("config.json", "{\"model_type\":\"bert\"}\n");
    private static readonly FakeFile Onnx = FakeFile.Binary("onnx/model.onnx", 70_000, seed: 7);
    private static readonly FakeFile Deep = FakeFile.Text("a/b/c.txt", "deep");

    [Fact]
    public async Task DownloadFile_builds_exactly_the_huggingface_hub_layout()
    {
        using var hub = new FakeHub();
        var repo = hub.AddRepo("acme/tiny-bert", files: [Config, Onnx, Deep]);
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Path);
        var id = RepoId.Parse("acme/tiny-bert");
        var ct = TestContext.Current.CancellationToken;

        foreach (var file in new[] { Config, Onnx, Deep })
        {
            var local = await client.Files.DownloadFileAsync(id, file.Path, cancellationToken: ct);
            Assert.Equal(file.Content, await File.ReadAllBytesAsync(local, ct));
        }

        await Assert.ThrowsAsync<EntryNotFoundException>(() => client.Files.DownloadFileAsync(id, "adapter_config.json", cancellationToken: ct));

        var c = repo.Commit;
        var expected = new[]
        {
            "CACHEDIR.TAG",
            $".locks/models--acme--tiny-bert/{Config.Oid}.lock",
            $".locks/models--acme--tiny-bert/{Deep.Oid}.lock",
            $".locks/models--acme--tiny-bert/{Onnx.Sha256}.lock",
            $"models--acme--tiny-bert/.no_exist/{c}/adapter_config.json",
            $"models--acme--tiny-bert/blobs/{Config.Oid}",
            $"models--acme--tiny-bert/blobs/{Deep.Oid}",
            $"models--acme--tiny-bert/blobs/{Onnx.Sha256}",
            "models--acme--tiny-bert/refs/main",
            $"models--acme--tiny-bert/snapshots/{c}/a/b/c.txt -> ../../../../blobs/{Deep.Oid}",
            $"models--acme--tiny-bert/snapshots/{c}/config.json -> ../../blobs/{Config.Oid}",
            $"models--acme--tiny-bert/snapshots/{c}/onnx/model.onnx -> ../../../blobs/{Onnx.Sha256}",
        }.Order(StringComparer.Ordinal);

        Assert.Equal(expected, Describe(dir.Path));
        Assert.Equal(c, await File.ReadAllTextAsync(Path.Combine(dir.Path, "models--acme--tiny-bert/refs/main"), ct));
        Assert.StartsWith(HubPlatform.Client.Cache.HubCache.CacheDirTagSignature + "\n", await File.ReadAllTextAsync(Path.Combine(dir.Path, "CACHEDIR.TAG"), ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadFile_with_a_commit_id_and_a_cached_file_makes_no_request()
    {
        using var hub = new FakeHub();
        var repo = hub.AddRepo("acme/pinned", files: [Config]);
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Path);
        var ct = TestContext.Current.CancellationToken;
        var id = RepoId.Parse("acme/pinned");
        await client.Files.DownloadFileAsync(id, "config.json", cancellationToken: ct);
        var before = hub.Log.Count;

        var path = await client.Files.DownloadFileAsync(id, "config.json", new DownloadOptions { Revision = Revision.Parse(repo.Commit) }, cancellationToken: ct);

        Assert.Equal(before, hub.Log.Count);
        Assert.EndsWith($"snapshots/{repo.Commit}/config.json", path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Datasets_use_their_own_prefix_in_urls_and_cache_folders()
    {
        using var hub = new FakeHub();
        hub.AddRepo("acme/reviews", RepoType.Dataset, files: [Config]);
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Path);

        var path = await client.Files.DownloadFileAsync(RepoId.Parse("acme/reviews"), "config.json", new DownloadOptions { RepoType = RepoType.Dataset }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Contains("datasets--acme--reviews", path, StringComparison.Ordinal);
        Assert.Contains(hub.Log, e => e.RequestMessage!.Path.StartsWith("/datasets/acme/reviews/resolve/main/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Local_dir_mode_writes_the_file_and_huggingface_hub_metadata()
    {
        using var hub = new FakeHub();
        var repo = hub.AddRepo("acme/local", files: [Config, Onnx]);
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Combine("cache"));
        var ct = TestContext.Current.CancellationToken;
        var local = dir.Combine("out");

        var path = await client.Files.DownloadFileAsync(RepoId.Parse("acme/local"), "onnx/model.onnx", new DownloadOptions { LocalDirectory = local }, cancellationToken: ct);

        Assert.Equal(Path.Combine(local, "onnx", "model.onnx"), path);
        Assert.Equal(Onnx.Content, await File.ReadAllBytesAsync(path, ct));
        var lines = await File.ReadAllLinesAsync(Path.Combine(local, ".cache/huggingface/download/onnx/model.onnx.metadata"), ct);
        Assert.Equal(repo.Commit, lines[0]);
        Assert.Equal(Onnx.Sha256, lines[1]);
        Assert.True(double.Parse(lines[2], System.Globalization.CultureInfo.InvariantCulture) > 1.7e9);
        Assert.Equal("*", await File.ReadAllTextAsync(Path.Combine(local, ".cache/huggingface/.gitignore"), ct));
        Assert.False(Directory.Exists(dir.Combine("cache")), "local_dir mode must not touch the cache");

        // A second call finds the metadata current and downloads nothing.
        var gets = hub.Log.Count(e => e.RequestMessage!.Method == "GET");
        await client.Files.DownloadFileAsync(RepoId.Parse("acme/local"), "onnx/model.onnx", new DownloadOptions { LocalDirectory = local }, cancellationToken: ct);
        Assert.Equal(gets, hub.Log.Count(e => e.RequestMessage!.Method == "GET"));
    }

    [Fact]
    public async Task Paths_that_would_leave_the_cache_are_refused_before_any_request()
    {
        using var hub = new FakeHub();
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Path);

        await Assert.ThrowsAsync<ArgumentException>(() => client.Files.DownloadFileAsync(RepoId.Parse("acme/x"), "../../etc/passwd", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Empty(hub.Log);
    }

    /// <summary>Every file and link under the root, relative, with link targets as written.</summary>
    internal static IEnumerable<string> Describe(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(p => new FileInfo(p))
            .Where(f => f.LinkTarget is not null || (f.Exists && !f.Attributes.HasFlag(FileAttributes.Directory)))
            .Select(f => Path.GetRelativePath(root, f.FullName).Replace('\\', '/') + (f.LinkTarget is { } t ? " -> " + t : string.Empty))
            .Order(StringComparer.Ordinal);

    internal static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
