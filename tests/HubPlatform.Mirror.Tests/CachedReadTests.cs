using System.Net;
using System.Text;
using System.Text.Json;
using HubPlatform.BlobStore.FileSystem;
using HubPlatform.Storage;
using HubPlatform.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HubPlatform.Mirror.Tests;

/// <summary>
/// Repository rows, refs, callers, listings and small files are served from memory; these check that no change is hidden
/// by it: changes through the server show at once, changes by another process on the data folder within the row cache's
/// lifetime.
/// </summary>
public sealed class CachedReadTests : IAsyncLifetime
{
    private readonly MirrorServer _server = new() { Arguments = ["--Storage:RowCacheSeconds=1"] };

    public ValueTask InitializeAsync() => _server.InitializeAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Reads_see_commits_visibility_changes_new_repos_and_revoked_tokens_made_through_the_server_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        (await _server.CreateRepoAsync("seen")).EnsureSuccessStatusCode();
        (await _server.CommitAsync("acme/seen", MirrorServer.Header("one") + "\n" + MirrorServer.FileLine("config.json", "1"u8.ToArray()))).EnsureSuccessStatusCode();
        using var anonymous = _server.Http(null);
        using var owner = _server.Http(_server.WriteToken);
        const string Url = "/acme/seen/resolve/main/config.json";

        // Warm every cache this test then expects to be told about changes.
        Assert.Equal("1", await anonymous.GetStringAsync(Url, ct));
        Assert.Equal(["acme/seen"], await IdsAsync(anonymous, ct));
        Assert.Equal(["acme/seen"], await IdsAsync(owner, ct));

        (await _server.CommitAsync("acme/seen", MirrorServer.Header("two") + "\n" + MirrorServer.FileLine("config.json", "2"u8.ToArray()))).EnsureSuccessStatusCode();
        Assert.Equal("2", await anonymous.GetStringAsync(Url, ct));

        (await _server.CreateRepoAsync("hidden", isPrivate: true)).EnsureSuccessStatusCode();
        Assert.Equal(["acme/seen"], await IdsAsync(anonymous, ct));
        Assert.Equal(["acme/hidden", "acme/seen"], await IdsAsync(owner, ct));

        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsync("/api/models/acme/seen/settings", MirrorServer.Json("""{"private":true}"""), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Url, ct)).StatusCode);
        Assert.Empty(await IdsAsync(anonymous, ct));

        await using (var scope = _server.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<TokenService>().RevokeAsync("writer", "alice", ct));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await owner.GetAsync(Url, ct)).StatusCode);
    }

    [Fact]
    public async Task A_commit_and_a_revocation_made_by_another_process_are_seen_within_the_row_cache_lifetime()
    {
        var ct = TestContext.Current.CancellationToken;
        (await _server.CreateRepoAsync("shared")).EnsureSuccessStatusCode();
        (await _server.CommitAsync("acme/shared", MirrorServer.Header("one") + "\n" + MirrorServer.FileLine("config.json", "1"u8.ToArray()))).EnsureSuccessStatusCode();
        using var reader = _server.Http(_server.ReadToken);
        Assert.Equal("1", await reader.GetStringAsync("/acme/shared/resolve/main/config.json", ct));

        // What `hub mirror sync` or `hub token revoke` do from their own process: the same data folder, other caches.
        var other = new ServiceCollection().AddHubStorageSqlite(o => o.DataDirectory = _server.DataDirectory).AddFileSystemBlobStore();
        other.AddSingleton<ICardSummarizer, CardSummarizer>();
        await using (var services = other.BuildServiceProvider())
        await using (var scope = services.CreateAsyncScope())
        {
            var repos = scope.ServiceProvider.GetRequiredService<RepositoryService>();
            var repo = (await repos.FindAsync(Hub.RepoType.Model, Hub.RepoId.Parse("acme/shared"), ct))!;
            var commits = scope.ServiceProvider.GetRequiredService<CommitService>();
            var content = await commits.StageBytesAsync("2"u8.ToArray(), ct);
            await commits.CommitAsync(repo, new CommitRequest { Branch = "main", Title = "elsewhere", AuthorName = "sync", Operations = [content with { Path = "config.json" }] }, ct);
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<TokenService>().RevokeAsync("reader", "alice", ct));
        }

        var lifetime = _server.Services.GetRequiredService<IOptions<StorageOptions>>().Value.RowCacheSeconds;
        using var anonymous = _server.Http(null);
        var deadline = DateTime.UtcNow.AddSeconds(lifetime + 10);
        while (await anonymous.GetStringAsync("/acme/shared/resolve/main/config.json", ct) != "2" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, ct);
        }

        Assert.Equal("2", await anonymous.GetStringAsync("/acme/shared/resolve/main/config.json", ct));
        while ((await reader.GetAsync("/api/whoami-v2", ct)).StatusCode != HttpStatusCode.Unauthorized && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, ct);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await reader.GetAsync("/api/whoami-v2", ct)).StatusCode);
    }

    [Fact]
    public async Task Small_files_are_served_from_memory_with_their_headers_and_large_ones_from_the_blob_store()
    {
        var ct = TestContext.Current.CancellationToken;
        (await _server.CreateRepoAsync("small")).EnsureSuccessStatusCode();
        var big = new byte[300 * 1024];
        Random.Shared.NextBytes(big);
        (await _server.CommitAsync("acme/small", MirrorServer.Header("files") + "\n" + MirrorServer.FileLine("config.json", "{\"a\":1}"u8.ToArray())
            + "\n" + MirrorServer.FileLine("big.bin", big))).EnsureSuccessStatusCode();
        using var http = _server.Http(null);
        using var first = await http.GetAsync("/acme/small/resolve/main/config.json", ct);
        (await http.GetAsync("/acme/small/resolve/main/big.bin", ct)).EnsureSuccessStatusCode();

        // With the blob files gone, the small file still answers (same bytes, same headers) and the large one says what is wrong.
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_server.DataDirectory, "blobs"), "*", SearchOption.AllDirectories))
        {
            File.Delete(file);
        }

        using var second = await http.GetAsync("/acme/small/resolve/main/config.json", ct);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("{\"a\":1}", await second.Content.ReadAsStringAsync(ct));
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(first.Content.Headers.ContentLength, second.Content.Headers.ContentLength);
        Assert.Equal(first.Content.Headers.ContentType, second.Content.Headers.ContentType);
        Assert.Equal(HttpStatusCode.InternalServerError, (await http.GetAsync("/acme/small/resolve/main/big.bin", ct)).StatusCode);
    }

    private static async Task<List<string>> IdsAsync(HttpClient http, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/api/models?author=acme&sort=id", ct));
        return doc.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();
    }
}
