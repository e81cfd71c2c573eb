using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HubPlatform.Client;
using HubPlatform.Client.Errors;
using HubPlatform.Client.Files;
using HubPlatform.Hub;

namespace HubPlatform.Mirror.Tests;

/// <summary>Our own HubClient reading what was written through the mirror's commit and LFS APIs.</summary>
public sealed class HubClientAgainstMirrorTests(MirrorServer server) : IClassFixture<MirrorServer>
{
    [Fact]
    public async Task HubClient_reads_info_tree_refs_commits_and_downloads_into_the_cache()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "client-" + Guid.NewGuid().ToString("N")[..8];
        (await server.CreateRepoAsync(name)).EnsureSuccessStatusCode();
        var weights = RandomNumberGenerator.GetBytes(200_000);
        var sha = await server.UploadLfsAsync($"acme/{name}", weights, ct);
        var readme = Encoding.UTF8.GetBytes("---\nlicense: mit\npipeline_tag: fill-mask\ntags: [tiny]\n---\n# Tiny\n");
        var commit = await server.CommitAsync($"acme/{name}", string.Join('\n',
            MirrorServer.Header("Add weights"),
            MirrorServer.FileLine("README.md", readme),
            MirrorServer.FileLine("config.json", "{}"u8.ToArray()),
            MirrorServer.LfsLine("onnx/model.onnx", sha, weights.Length)));
        Assert.Equal(HttpStatusCode.OK, commit.StatusCode);
        using var commitJson = JsonDocument.Parse(await commit.Content.ReadAsStringAsync(ct));
        var commitId = commitJson.RootElement.GetProperty("commitOid").GetString()!;
        Assert.Equal($"{server.Url.ToString().TrimEnd('/')}/acme/{name}/commit/{commitId}", commitJson.RootElement.GetProperty("commitUrl").GetString());

        var cache = Path.Combine(server.DataDirectory, "client-cache-" + name);
        using var client = HubClient.Create(new HubClientOptions { Endpoint = server.Url, Token = server.WriteToken, CacheDirectory = cache });
        var id = RepoId.Parse($"acme/{name}");

        var info = await client.Models.GetAsync(id, Revision.Main, new RepoInfoOptions { Blobs = true }, ct);
        Assert.Equal(commitId, info.Sha);
        Assert.Equal("fill-mask", info.PipelineTag);
        Assert.Contains("license:mit", info.Tags!);
        Assert.Equal("mit", info.CardData!.Value.GetProperty("license").GetString());
        var sibling = Assert.Single(info.Siblings!, s => s.RFileName == "onnx/model.onnx");
        Assert.Equal(sha, sibling.Lfs!.Sha256);
        Assert.Equal(new LfsPointer(sha, weights.Length).GitBlobId, sibling.BlobId);

        var tree = new List<HubPlatform.Hub.Api.TreeEntry>();
        await foreach (var e in client.Repos.ListTreeAsync(id, recursive: true, cancellationToken: ct))
        {
            tree.Add(e);
        }

        // Depth first: a folder, then what it holds; folders before files at each level.
        Assert.Equal(["onnx", "onnx/model.onnx", ".gitattributes", "README.md", "config.json"], tree.Select(e => e.Path));
        var refs = await client.Repos.GetRefsAsync(id, cancellationToken: ct);
        Assert.Equal(commitId, refs.Branches.Single().TargetCommit);
        var commits = new List<HubPlatform.Hub.Api.CommitInfo>();
        await foreach (var c in client.Repos.ListCommitsAsync(id, cancellationToken: ct))
        {
            commits.Add(c);
        }

        Assert.Equal(["Add weights", "initial commit"], commits.Select(c => c.Title));
        Assert.Equal("alice", commits[0].Authors.Single().User);

        var me = await client.Users.WhoAmIAsync(ct);
        Assert.Equal("alice", me.Name);
        Assert.Equal("acme", me.Orgs.Single().Name);
        Assert.Equal(("access_token", "write"), (me.Auth!.Type, me.Auth.AccessToken!.Role));
        Assert.NotNull(me.Auth.AccessToken.CreatedAt);
        using (var raw = JsonDocument.Parse(await server.Http(server.WriteToken).GetStringAsync("/api/whoami-v2", ct)))
        {
            // JS reads these as they are; Python takes the token's createdAt in the Hub's form.
            Assert.Equal((JsonValueKind.False, JsonValueKind.Null), (raw.RootElement.GetProperty("isPro").ValueKind, raw.RootElement.GetProperty("periodEnd").ValueKind));
            Assert.Matches(@"\.\d{3}Z$", raw.RootElement.GetProperty("auth").GetProperty("accessToken").GetProperty("createdAt").GetString());
        }

        var folder = await client.Files.SnapshotDownloadAsync(id, cancellationToken: ct);
        Assert.Equal(Path.Combine(cache, $"models--acme--{name}", "snapshots", commitId), folder);
        Assert.Equal(weights, await File.ReadAllBytesAsync(Path.Combine(folder, "onnx", "model.onnx"), ct));
        Assert.Equal(readme, await File.ReadAllBytesAsync(Path.Combine(folder, "README.md"), ct));
        Assert.True(File.Exists(Path.Combine(cache, $"models--acme--{name}", "blobs", sha)));

        await Assert.ThrowsAsync<EntryNotFoundException>(() => client.Files.DownloadFileAsync(id, "missing.txt", cancellationToken: ct));
        Assert.True(File.Exists(Path.Combine(cache, $"models--acme--{name}", ".no_exist", commitId, "missing.txt")));
        await Assert.ThrowsAsync<RevisionNotFoundException>(() => client.Models.GetAsync(id, Revision.Parse("nope"), cancellationToken: ct));
        await Assert.ThrowsAsync<RepositoryNotFoundException>(() => client.Models.GetAsync(RepoId.Parse("acme/never-made"), cancellationToken: ct));
    }

    [Fact]
    public async Task Ranges_conditional_requests_and_commit_ids_follow_the_protocol()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "ranges-" + Guid.NewGuid().ToString("N")[..8];
        (await server.CreateRepoAsync(name)).EnsureSuccessStatusCode();
        (await server.CommitAsync($"acme/{name}", MirrorServer.Header("Add") + "\n" + MirrorServer.FileLine("a.txt", "Hello, World!"u8.ToArray()))).EnsureSuccessStatusCode();
        using var http = server.Http(null);

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/acme/{name}/resolve/main/a.txt"), ct);
        Assert.Equal("\"b45ef6fec89518d314f546fd6c3025367b721684\"", head.Headers.ETag!.Tag);
        Assert.Equal(13, head.Content.Headers.ContentLength);
        Assert.Equal("bytes", head.Headers.AcceptRanges.Single());

        using var range = new HttpRequestMessage(HttpMethod.Get, $"/acme/{name}/resolve/main/a.txt");
        range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 0);
        using var partial = await http.SendAsync(range, ct);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("bytes 0-0/13", partial.Content.Headers.ContentRange!.ToString());

        using var beyond = new HttpRequestMessage(HttpMethod.Get, $"/acme/{name}/resolve/main/a.txt");
        beyond.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(100, null);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, (await http.SendAsync(beyond, ct)).StatusCode);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/acme/{name}/resolve/main/a.txt");
        conditional.Headers.IfNoneMatch.Add(head.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(conditional, ct)).StatusCode);

        var commit = head.Headers.GetValues("X-Repo-Commit").Single();
        var byCommit = await http.GetAsync($"/acme/{name}/resolve/{commit}/a.txt", ct);
        Assert.Equal("Hello, World!", await byCommit.Content.ReadAsStringAsync(ct));
        var byShort = await http.GetAsync($"/api/models/acme/{name}/revision/{commit[..7]}", ct);
        Assert.Equal(HttpStatusCode.OK, byShort.StatusCode);
    }
}
