using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using HubPlatform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Mirror.Tests;

/// <summary>Pull-through of LFS files on demand, streamed while stored; the LRU size limit; refs that follow upstream.</summary>
public sealed class PullThroughCacheTests : IAsyncLifetime
{
    private const int FileSize = 1_000_000;
    private readonly MirrorServer _upstream = new();
    private readonly byte[][] _weights = [RandomNumberGenerator.GetBytes(FileSize), RandomNumberGenerator.GetBytes(FileSize), RandomNumberGenerator.GetBytes(FileSize)];
    private readonly string[] _sha = new string[3];
    private MirrorServer _local = null!;

    public async ValueTask InitializeAsync()
    {
        await _upstream.InitializeAsync();
        (await _upstream.CreateRepoAsync("big")).EnsureSuccessStatusCode();
        var lines = new List<string> { MirrorServer.Header("weights"), MirrorServer.FileLine("config.json", "{\"x\":1}"u8.ToArray()) };
        for (var i = 0; i < 3; i++)
        {
            _sha[i] = await _upstream.UploadLfsAsync("acme/big", _weights[i], TestContext.Current.CancellationToken);
            lines.Add(MirrorServer.LfsLine($"w{i}.bin", _sha[i], FileSize));
        }

        (await _upstream.CommitAsync("acme/big", string.Join('\n', lines))).EnsureSuccessStatusCode();
        _local = new MirrorServer
        {
            Configure = o =>
            {
                o.UpstreamUrl = _upstream.Url.ToString();
                o.UpstreamToken = _upstream.WriteToken;
                o.PullCacheLimitBytes = (2 * FileSize) + (FileSize / 2);
                o.UpstreamRefreshInterval = TimeSpan.FromHours(1);
            },
        };
        await _local.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _local.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private bool Stored(int i) => _local.Services.GetRequiredService<IBlobStore>().Exists(_sha[i]);

    [Fact]
    public async Task Lfs_files_are_fetched_when_first_asked_for_then_served_without_upstream()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = _local.Http(null);

        var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/acme/big/resolve/main/w0.bin"), ct);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(FileSize.ToString(System.Globalization.CultureInfo.InvariantCulture), head.Headers.GetValues("X-Linked-Size").Single());
        Assert.False(Stored(0));

        Assert.Equal(_weights[0], await http.GetByteArrayAsync("/acme/big/resolve/main/w0.bin", ct));
        Assert.True(Stored(0));
        Assert.False(Stored(1));

        // A range of a file not fetched yet is answered after fetching the whole file.
        using var range = new HttpRequestMessage(HttpMethod.Get, "/acme/big/resolve/main/w1.bin") { Headers = { Range = new RangeHeaderValue(10, 19) } };
        var partial = await http.SendAsync(range, ct);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(_weights[1][10..20], await partial.Content.ReadAsByteArrayAsync(ct));
        Assert.True(Stored(1));

        await _upstream.DisposeAsync();
        Assert.Equal(_weights[0], await http.GetByteArrayAsync("/acme/big/resolve/main/w0.bin", ct));
        Assert.Equal("{\"x\":1}", await http.GetStringAsync("/acme/big/resolve/main/config.json", ct));
        var missing = await http.GetAsync("/acme/big/resolve/main/w2.bin", ct);
        Assert.Equal(HttpStatusCode.GatewayTimeout, missing.StatusCode);
        Assert.Contains("upstream", (await missing.Content.ReadAsStringAsync(ct)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_least_recently_used_pulled_files_are_evicted_past_the_limit_and_fetched_again()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = _local.Http(null);
        (await _local.CreateRepoAsync("own")).EnsureSuccessStatusCode();
        var own = RandomNumberGenerator.GetBytes(FileSize * 3);
        var ownSha = await _local.UploadLfsAsync("acme/own", own, ct);
        (await _local.CommitAsync("acme/own", MirrorServer.Header("own") + "\n" + MirrorServer.LfsLine("own.bin", ownSha, own.Length))).EnsureSuccessStatusCode();

        await http.GetByteArrayAsync("/acme/big/resolve/main/w0.bin", ct);
        await http.GetByteArrayAsync("/acme/big/resolve/main/w1.bin", ct);
        await http.GetByteArrayAsync("/acme/big/resolve/main/w0.bin", ct);
        Assert.Equal(_weights[2], await http.GetByteArrayAsync("/acme/big/resolve/main/w2.bin", ct));

        Assert.Equal((true, false, true), (Stored(0), Stored(1), Stored(2)));
        Assert.True(_local.Services.GetRequiredService<IBlobStore>().Exists(ownSha));

        Assert.Equal(_weights[1], await http.GetByteArrayAsync("/acme/big/resolve/main/w1.bin", ct));
        Assert.Equal((false, true, true), (Stored(0), Stored(1), Stored(2)));

        // Evicted bytes are not damage: fsck reports nothing missing.
        await using var scope = _local.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<StoreChecker>().CheckAsync(repair: false, ct);
        Assert.False(report.Damaged);
    }

    [Fact]
    public async Task A_client_that_leaves_early_does_not_stop_the_file_being_stored()
    {
        var ct = TestContext.Current.CancellationToken;
        using (var http = _local.Http(null))
        {
            using var response = await http.GetAsync("/acme/big/resolve/main/w2.bin", HttpCompletionOption.ResponseHeadersRead, ct);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var some = new byte[1000];
            await body.ReadExactlyAsync(some, ct);
            Assert.Equal(_weights[2][..1000], some);
        }

        var waited = TimeSpan.Zero;
        while (!Stored(2) && waited < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100, ct);
            waited += TimeSpan.FromMilliseconds(100);
        }

        Assert.True(Stored(2));
    }

    [Fact]
    public async Task Clients_asking_at_once_for_a_file_being_fetched_share_one_upstream_download()
    {
        var ct = TestContext.Current.CancellationToken;
        (await _upstream.CreateRepoAsync("herd")).EnsureSuccessStatusCode();
        var big = RandomNumberGenerator.GetBytes(40_000_000);
        var sha = await _upstream.UploadLfsAsync("acme/herd", big, ct);
        (await _upstream.CommitAsync("acme/herd", MirrorServer.Header("big") + "\n" + MirrorServer.LfsLine("big.bin", sha, big.Length))).EnsureSuccessStatusCode();
        using var upstreamReader = _upstream.Http(_upstream.WriteToken);
        async Task<long> UpstreamDownloads()
        {
            await _upstream.FlushDownloadCountsAsync(ct);
            using var info = JsonDocument.Parse(await upstreamReader.GetStringAsync("/api/models/acme/herd?expand=downloads", ct));
            return info.RootElement.GetProperty("downloads").GetInt64();
        }

        using var first = _local.Http(null);
        using var second = _local.Http(null);
        await first.GetStringAsync("/api/models/acme/herd", ct); // pulls the repository (its .gitattributes is a download upstream)
        var before = await UpstreamDownloads();

        // The first client takes the headers and then waits, so the fetch is still under way when the second one asks.
        using var leader = await first.GetAsync("/acme/herd/resolve/main/big.bin", HttpCompletionOption.ResponseHeadersRead, ct);
        var follower = second.GetByteArrayAsync("/acme/herd/resolve/main/big.bin", ct);
        await Task.Delay(300, ct);
        var leaderBytes = await leader.Content.ReadAsByteArrayAsync(ct);

        Assert.Equal(big, leaderBytes);
        Assert.Equal(big, await follower);
        Assert.Equal(before + 1, await UpstreamDownloads());
    }

    [Fact]
    public async Task Bytes_upstream_corrupted_are_never_stored_and_the_client_connection_is_cut()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = _upstream.Services.GetRequiredService<IBlobStore>().PathOf(_sha[0]);
        var corrupt = (byte[])_weights[0].Clone();
        corrupt[^1] ^= 0xff;
        await File.WriteAllBytesAsync(path, corrupt, ct);
        using var http = _local.Http(null);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetByteArrayAsync("/acme/big/resolve/main/w0.bin", ct));
        Assert.False(Stored(0));
    }

    [Fact]
    public async Task Refs_follow_upstream_for_new_commits_and_branches_and_the_copy_is_read_only()
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = _local.Http(null);
        using var writer = _local.Http(_local.WriteToken);
        await anonymous.GetStringAsync("/api/models/acme/big", ct);

        var changed = await _upstream.CommitAsync("acme/big", MirrorServer.Header("tweak") + "\n" + MirrorServer.FileLine("config.json", "{\"x\":2}"u8.ToArray()));
        using var changedJson = JsonDocument.Parse(await changed.Content.ReadAsStringAsync(ct));
        var newCommit = changedJson.RootElement.GetProperty("commitOid").GetString()!;
        using (var owner = _upstream.Http(_upstream.WriteToken))
        {
            (await owner.PostAsync("/api/models/acme/big/branch/dev", MirrorServer.Json("{}"), ct)).EnsureSuccessStatusCode();
        }

        // Within the refresh interval main stays where it was, but a commit id or a branch the mirror lacks is looked up.
        Assert.Equal("{\"x\":1}", await anonymous.GetStringAsync("/acme/big/resolve/main/config.json", ct));
        Assert.Equal("{\"x\":2}", await anonymous.GetStringAsync($"/acme/big/resolve/{newCommit}/config.json", ct));
        var dev = await anonymous.GetAsync("/acme/big/resolve/dev/config.json", ct);
        Assert.Equal("{\"x\":2}", await dev.Content.ReadAsStringAsync(ct));
        Assert.Equal(newCommit, dev.Headers.GetValues("X-Repo-Commit").Single());
        Assert.Equal("{\"x\":2}", await anonymous.GetStringAsync("/acme/big/resolve/main/config.json", ct));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/models/acme/big/revision/no-such-branch", ct)).StatusCode);

        var write = await _local.CommitAsync("acme/big", MirrorServer.Header("local") + "\n" + MirrorServer.FileLine("x.txt", [1]));
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Contains("upstream", await write.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var delete = await writer.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/repos/delete") { Content = MirrorServer.Json("""{"name":"big","organization":"acme","type":"model"}""") }, ct);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
    }
}
