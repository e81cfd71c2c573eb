using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HubPlatform.Client;
using HubPlatform.Hub;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Mirror.Tests;

public sealed class MirrorSyncTests
{
    [Fact]
    public async Task Sync_copies_a_repo_between_running_mirrors_with_identical_commit_ids_and_bytes_and_then_only_what_changed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await MirrorServer.StartAsync();
        await using var local = await MirrorServer.StartAsync();
        (await upstream.CreateRepoAsync("synced")).EnsureSuccessStatusCode();
        var weights = RandomNumberGenerator.GetBytes(300_000);
        var sha = await upstream.UploadLfsAsync("acme/synced", weights, ct);
        (await upstream.CommitAsync("acme/synced", string.Join('\n',
            MirrorServer.Header("Add model"),
            MirrorServer.FileLine("README.md", Encoding.UTF8.GetBytes("---\nlicense: mit\n---\n# Synced\n")),
            MirrorServer.FileLine("config.json", "{}"u8.ToArray()),
            MirrorServer.LfsLine("model.bin", sha, weights.Length)))).EnsureSuccessStatusCode();
        using (var owner = upstream.Http(upstream.WriteToken))
        {
            (await owner.PostAsync("/api/models/acme/synced/tag/main", MirrorServer.Json("""{"tag":"v1"}"""), ct)).EnsureSuccessStatusCode();
        }

        var first = await SyncAsync(upstream, local, ct);
        Assert.Equal(2, first.CommitsCopied);
        Assert.Equal(4, first.FilesCopied);

        async Task<string> Refs(MirrorServer server) => await server.Http(server.WriteToken).GetStringAsync("/api/models/acme/synced/refs", ct);
        async Task<string> History(MirrorServer server) => await server.Http(server.WriteToken).GetStringAsync("/api/models/acme/synced/commits/main", ct);
        Assert.Equal(Normalize(await Refs(upstream)), Normalize(await Refs(local)));
        Assert.Equal(Normalize(await History(upstream)), Normalize(await History(local)));
        foreach (var path in new[] { "README.md", "config.json", "model.bin", ".gitattributes" })
        {
            using var a = upstream.Http(null);
            using var b = local.Http(null);
            var fromUpstream = await a.GetAsync($"/acme/synced/resolve/main/{path}", ct);
            var fromLocal = await b.GetAsync($"/acme/synced/resolve/main/{path}", ct);
            Assert.Equal(await fromUpstream.Content.ReadAsByteArrayAsync(ct), await fromLocal.Content.ReadAsByteArrayAsync(ct));
            Assert.Equal(fromUpstream.Headers.GetValues("X-Repo-Commit").Single(), fromLocal.Headers.GetValues("X-Repo-Commit").Single());
            Assert.Equal(fromUpstream.Headers.ETag, fromLocal.Headers.ETag);
        }

        using (var tree = JsonDocument.Parse(await local.Http(null).GetStringAsync("/api/models/acme/synced", ct)))
        {
            Assert.Equal("mit", tree.RootElement.GetProperty("cardData").GetProperty("license").GetString());
        }

        var again = await SyncAsync(upstream, local, ct);
        Assert.Equal((0, 0), (again.CommitsCopied, again.FilesCopied));

        (await upstream.CommitAsync("acme/synced", MirrorServer.Header("Tweak") + "\n" + MirrorServer.FileLine("config.json", "{\"a\":1}"u8.ToArray()))).EnsureSuccessStatusCode();
        var update = await SyncAsync(upstream, local, ct);
        Assert.Equal((1, 1), (update.CommitsCopied, update.FilesCopied));
        Assert.Equal(Normalize(await Refs(upstream)), Normalize(await Refs(local)));
        Assert.Equal(Normalize(await History(upstream)), Normalize(await History(local)));
    }

    [Fact]
    public async Task Sync_carries_the_upstream_gate_so_files_need_access_on_the_mirror()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await MirrorServer.StartAsync();
        await using var local = await MirrorServer.StartAsync();
        (await upstream.CreateRepoAsync("synced")).EnsureSuccessStatusCode();
        var weights = RandomNumberGenerator.GetBytes(1000);
        var sha = await upstream.UploadLfsAsync("acme/synced", weights, ct);
        (await upstream.CommitAsync("acme/synced", MirrorServer.Header("w") + "\n" + MirrorServer.LfsLine("model.bin", sha, weights.Length))).EnsureSuccessStatusCode();
        using (var owner = upstream.Http(upstream.WriteToken))
        {
            (await owner.PutAsync("/api/models/acme/synced/settings", MirrorServer.Json("""{"gated":"manual"}"""), ct)).EnsureSuccessStatusCode();
        }

        await SyncAsync(upstream, local, ct);

        using var anonymous = local.Http(null);
        using var outsider = local.Http(local.OutsiderToken);
        using var member = local.Http(local.WriteToken);
        var refused = await anonymous.GetAsync("/acme/synced/resolve/main/model.bin", ct);
        Assert.Equal((System.Net.HttpStatusCode.Unauthorized, "GatedRepo"), (refused.StatusCode, refused.Headers.GetValues("X-Error-Code").Single()));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await outsider.GetAsync("/acme/synced/resolve/main/model.bin", ct)).StatusCode);
        Assert.Equal(weights, await member.GetByteArrayAsync("/acme/synced/resolve/main/model.bin", ct));
        using var info = JsonDocument.Parse(await anonymous.GetStringAsync("/api/models/acme/synced?expand=gated", ct));
        Assert.Equal("manual", info.RootElement.GetProperty("gated").GetString());
    }

    private static async Task<SyncResult> SyncAsync(MirrorServer upstream, MirrorServer local, CancellationToken ct)
    {
        using var client = HubClient.Create(new HubClientOptions { Endpoint = upstream.Url, Token = upstream.WriteToken, CacheDirectory = Path.Combine(local.DataDirectory, "unused-cache") });
        await using var scope = local.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MirrorSync>().SyncAsync(client, RepoType.Model, RepoId.Parse("acme/synced"), null, ct);
    }

    private static string Normalize(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
