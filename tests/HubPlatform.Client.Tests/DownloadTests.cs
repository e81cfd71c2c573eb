using HubPlatform.Client.Errors;
using HubPlatform.Client.Files;
using HubPlatform.Hub;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace HubPlatform.Client.Tests;

public class DownloadTests
{
    private static readonly FakeFile Weights = FakeFile.Binary("model.safetensors", 300_000, seed: 3);
    private static readonly FakeFile Config = FakeFile.Text("config.json", "{\"a\":1}");

    [Fact]
    public async Task A_body_cut_off_halfway_is_resumed_with_Range_and_verified()
    {
        using var hub = new FakeHub();
        hub.AddRepo("acme/big", files: [Weights]);
        using var dir = new TempDir();
        var cutter = new CutOffHandler("/model.safetensors", 120_000);
        using var client = hub.CreateClient(dir.Path, primary: cutter);

        var path = await client.Files.DownloadFileAsync(RepoId.Parse("acme/big"), Weights.Path, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Weights.Content, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        Assert.Equal(1, cutter.Cuts);
        var gets = hub.Log.Where(e => e.RequestMessage!.Method == "GET").ToList();
        Assert.Equal(2, gets.Count);
        Assert.Equal("bytes=120000-", gets[1].RequestMessage!.Headers!["Range"].Single());
        Assert.Empty(Directory.EnumerateFiles(dir.Path, "*.incomplete", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task An_incomplete_blob_left_by_another_process_is_resumed_not_restarted()
    {
        using var hub = new FakeHub();
        hub.AddRepo("acme/big", files: [Weights]);
        using var dir = new TempDir();
        var id = RepoId.Parse("acme/big");
        var cache = new HubPlatform.Client.Cache.HubCache(dir.Path);
        var incomplete = cache.BlobPath(RepoType.Model, id, Weights.Sha256) + ".incomplete";
        Directory.CreateDirectory(Path.GetDirectoryName(incomplete)!);
        await File.WriteAllBytesAsync(incomplete, Weights.Content[..100_000], TestContext.Current.CancellationToken);
        using var client = hub.CreateClient(dir.Path);

        var path = await client.Files.DownloadFileAsync(id, Weights.Path, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Weights.Content, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        var get = Assert.Single(hub.Log, e => e.RequestMessage!.Method == "GET");
        Assert.Equal("bytes=100000-", get.RequestMessage!.Headers!["Range"].Single());
    }

    [Fact]
    public async Task A_corrupt_incomplete_blob_fails_the_sha256_check_and_is_not_published()
    {
        using var hub = new FakeHub();
        hub.AddRepo("acme/big", files: [Weights]);
        using var dir = new TempDir();
        var id = RepoId.Parse("acme/big");
        var cache = new HubPlatform.Client.Cache.HubCache(dir.Path);
        var blob = cache.BlobPath(RepoType.Model, id, Weights.Sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        await File.WriteAllBytesAsync(blob + ".incomplete", new byte[100_000], TestContext.Current.CancellationToken);
        using var client = hub.CreateClient(dir.Path);

        var e = await Assert.ThrowsAsync<HubException>(() => client.Files.DownloadFileAsync(id, Weights.Path, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("Checksum mismatch", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(blob));
        Assert.False(File.Exists(cache.SnapshotPath(RepoType.Model, id, FakeHub.RandomCommit("acme/big"), Weights.Path)));

        // The bad bytes were dropped, so the next try starts from zero and succeeds.
        var path = await client.Files.DownloadFileAsync(id, Weights.Path, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(Weights.Content, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_redirect_to_another_host_carries_no_Authorization_header()
    {
        using var cdn = new FakeHub();
        FakeCdn.Serve(cdn, Weights);
        using var hub = new FakeHub(cdn);
        hub.AddRepo("acme/cdn", files: [Weights, Config]);
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Path);
        var ct = TestContext.Current.CancellationToken;

        var meta = await client.Files.GetFileMetadataAsync(RepoId.Parse("acme/cdn"), Weights.Path, cancellationToken: ct);
        Assert.Equal(Weights.Sha256, meta.ETag);
        Assert.Equal(Weights.Content.Length, meta.Size);
        Assert.Equal(cdn.IpUrl.Host, meta.Location.Host);
        Assert.Empty(cdn.Log);

        var path = await client.Files.DownloadFileAsync(RepoId.Parse("acme/cdn"), Weights.Path, cancellationToken: ct);

        Assert.Equal(Weights.Content, await File.ReadAllBytesAsync(path, ct));
        Assert.All(hub.Log, e => Assert.Equal("Bearer " + FakeHub.Token, e.RequestMessage!.Headers!["Authorization"].Single()));
        var cdnRequest = Assert.Single(cdn.Log);
        Assert.False(cdnRequest.RequestMessage!.Headers!.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task A_relative_redirect_of_a_renamed_repo_is_followed_by_the_metadata_HEAD()
    {
        using var hub = new FakeHub();
        var repo = hub.AddRepo("acme/new-name", files: [Config]);
        hub.Server.Given(Request.Create().WithPath("/acme/old-name/resolve/main/config.json").UsingHead())
            .RespondWith(Response.Create().WithStatusCode(307).WithHeader("Location", "/acme/new-name/resolve/main/config.json"));
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Path);

        var meta = await client.Files.GetFileMetadataAsync(RepoId.Parse("acme/old-name"), "config.json", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(repo.Commit, meta.CommitHash);
        Assert.Equal(Config.Oid, meta.ETag);
        Assert.Equal(Config.Content.Length, meta.Size);
    }

    [Fact]
    public async Task Offline_mode_answers_from_the_cache_alone()
    {
        using var hub = new FakeHub();
        hub.AddRepo("acme/off", files: [Config, Weights]);
        using var dir = new TempDir();
        var id = RepoId.Parse("acme/off");
        var ct = TestContext.Current.CancellationToken;
        string online;
        using (var client = hub.CreateClient(dir.Path))
        {
            online = await client.Files.DownloadFileAsync(id, Config.Path, cancellationToken: ct);
            await Assert.ThrowsAsync<EntryNotFoundException>(() => client.Files.DownloadFileAsync(id, "missing.json", cancellationToken: ct));
        }

        var requests = hub.Log.Count;
        using var offline = hub.CreateClient(dir.Path, o => o.Offline = true);

        Assert.Equal(online, await offline.Files.DownloadFileAsync(id, Config.Path, cancellationToken: ct));
        await Assert.ThrowsAsync<LocalEntryNotFoundException>(() => offline.Files.DownloadFileAsync(id, Weights.Path, cancellationToken: ct));
        await Assert.ThrowsAsync<EntryNotFoundException>(() => offline.Files.DownloadFileAsync(id, "missing.json", cancellationToken: ct));
        Assert.Equal(requests, hub.Log.Count);
    }

    [Fact]
    public async Task When_the_hub_is_down_a_cached_copy_is_returned()
    {
        using var dir = new TempDir();
        var id = RepoId.Parse("acme/down");
        var ct = TestContext.Current.CancellationToken;
        string cached;
        using (var hub = new FakeHub())
        {
            hub.AddRepo("acme/down", files: [Config]);
            using var client = hub.CreateClient(dir.Path);
            cached = await client.Files.DownloadFileAsync(id, Config.Path, cancellationToken: ct);
        }

        // Nothing listens on this port any more.
        using var deadHub = new FakeHub();
        var deadUrl = deadHub.Url;
        deadHub.Dispose();
        using var offlineClient = HubClient.Create(new HubClientOptions { Endpoint = deadUrl, CacheDirectory = dir.Path, MaxRetries = 0, RequestTimeout = TimeSpan.FromSeconds(2) });

        Assert.Equal(cached, await offlineClient.Files.DownloadFileAsync(id, Config.Path, cancellationToken: ct));
        await Assert.ThrowsAsync<LocalEntryNotFoundException>(() => offlineClient.Files.DownloadFileAsync(id, "other.json", cancellationToken: ct));
    }

    [Fact]
    public async Task Two_clients_downloading_the_same_blob_at_once_produce_one_intact_blob()
    {
        using var hub = new FakeHub();
        hub.AddRepo("acme/race", files: [Weights]);
        using var dir = new TempDir();
        using var a = hub.CreateClient(dir.Path);
        using var b = hub.CreateClient(dir.Path);
        var id = RepoId.Parse("acme/race");
        var ct = TestContext.Current.CancellationToken;

        var paths = await Task.WhenAll(
            a.Files.DownloadFileAsync(id, Weights.Path, cancellationToken: ct),
            b.Files.DownloadFileAsync(id, Weights.Path, cancellationToken: ct));

        Assert.Equal(paths[0], paths[1]);
        Assert.Equal(Weights.Content, await File.ReadAllBytesAsync(paths[0], ct));
        Assert.Single(Directory.GetFiles(Path.Combine(dir.Path, "models--acme--race", "blobs")));
    }

    [Fact]
    public async Task Progress_reports_bytes_and_completion()
    {
        using var hub = new FakeHub();
        hub.AddRepo("acme/progress", files: [Weights]);
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Path);
        var reports = new List<DownloadProgress>();
        var progress = new SyncProgress<DownloadProgress>(reports.Add);

        await client.Files.DownloadFileAsync(RepoId.Parse("acme/progress"), Weights.Path, progress: progress, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(reports.Count >= 2);
        Assert.True(reports[^1].Completed);
        Assert.Equal(Weights.Content.Length, reports[^1].BytesDone);
        Assert.All(reports, r => Assert.Equal(Weights.Content.Length, r.TotalBytes));
    }
}

/// <summary>An IProgress that reports on the caller's thread, so tests see every report before the call returns.</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock _gate = new();

    public void Report(T value)
    {
        lock (_gate)
        {
            report(value);
        }
    }
}
