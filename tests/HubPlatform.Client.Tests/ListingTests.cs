using System.Text.Json;
using HubPlatform.Client.Api;
using HubPlatform.Hub;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace HubPlatform.Client.Tests;

public class ListingTests
{
    [Fact]
    public async Task ListModels_follows_Link_across_three_pages_and_sends_every_filter()
    {
        using var hub = new FakeHub();
        string Page(params string[] ids) => JsonSerializer.Serialize(ids.Select(id => new { _id = "0" + id.Length, id, lastModified = "2025-05-30T08:00:00.000Z" }));
        var next2 = $"{hub.Url}api/models?author=acme&limit=2&cursor=p2";
        var next3 = $"{hub.Url}api/models?author=acme&limit=2&cursor=p3";
        hub.Server.Given(Request.Create().WithPath("/api/models").WithParam("cursor", "p2").UsingGet())
            .RespondWith(FakeHub.Json(200, Page("acme/c", "acme/d")).WithHeader("Link", $"<{next3}>; rel=\"next\""));
        hub.Server.Given(Request.Create().WithPath("/api/models").WithParam("cursor", "p3").UsingGet())
            .RespondWith(FakeHub.Json(200, Page("acme/e")));
        hub.Server.Given(Request.Create().WithPath("/api/models").UsingGet()).AtPriority(10)
            .RespondWith(FakeHub.Json(200, Page("acme/a", "acme/b")).WithHeader("Link", $"<{next2}>; rel=\"next\""));
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Path);

        var query = new RepoListQuery
        {
            Search = "bert",
            Author = "acme",
            Filter = ["pytorch", "license:mit"],
            PipelineTag = "fill-mask",
            Sort = "downloads",
            Direction = -1,
            Full = true,
            Expand = null,
        };
        var ids = new List<string>();
        await foreach (var model in client.Models.ListAsync(query, TestContext.Current.CancellationToken))
        {
            ids.Add(model.Id);
        }

        Assert.Equal(["acme/a", "acme/b", "acme/c", "acme/d", "acme/e"], ids);
        var first = hub.Log[0].RequestMessage!;
        Assert.Equal("bert", first.Query!["search"].Single());
        Assert.Equal(["pytorch", "license:mit"], first.Query["filter"].ToArray());
        Assert.Equal("true", first.Query["full"].Single());
        Assert.Equal("-1", first.Query["direction"].Single());
        Assert.Equal("fill-mask", first.Query["pipeline_tag"].Single());
        Assert.Equal(3, hub.Log.Count);
        Assert.All(hub.Log, e => Assert.Equal("Bearer " + FakeHub.Token, e.RequestMessage!.Headers!["Authorization"].Single()));
    }

    [Fact]
    public async Task Listing_stops_at_the_limit_even_when_more_pages_exist()
    {
        using var hub = new FakeHub();
        var body = JsonSerializer.Serialize(new[] { new { _id = "1", id = "a/x" }, new { _id = "2", id = "a/y" } });
        hub.Server.Given(Request.Create().WithPath("/api/datasets").UsingGet())
            .RespondWith(FakeHub.Json(200, body).WithHeader("Link", $"<{hub.Url}api/datasets?cursor=more>; rel=\"next\""));
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Path);

        var got = new List<string>();
        await foreach (var ds in client.Datasets.ListAsync(new RepoListQuery { Limit = 2, Expand = ["downloads", "likes"] }, TestContext.Current.CancellationToken))
        {
            got.Add(ds.Id);
        }

        Assert.Equal(["a/x", "a/y"], got);
        Assert.Single(hub.Log);
        Assert.Equal(["downloads", "likes"], hub.Log[0].RequestMessage!.Query!["expand"].ToArray());
    }

    [Fact]
    public async Task ModelInfo_reads_the_protocol_fields_and_keeps_unknown_ones()
    {
        using var hub = new FakeHub();
        var repo = hub.AddRepo("acme/tiny-bert", files: [FakeFile.Text("config.json", "{}")]);
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Path);

        var info = await client.Models.GetAsync(RepoId.Parse("acme/tiny-bert"), Revision.Main, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("acme/tiny-bert", info.Id);
        Assert.Equal("66a1b2c3d4e5f60718293a4b", info.InternalId);
        Assert.Equal(repo.Commit, info.Sha);
        Assert.Equal("fill-mask", info.PipelineTag);
        Assert.Equal(HubPlatform.Hub.Api.GateMode.None, info.Gated);
        Assert.Equal(new DateTimeOffset(2025, 5, 30, 8, 0, 0, TimeSpan.Zero), info.LastModified);
        Assert.Equal("config.json", Assert.Single(info.Siblings!).RFileName);
        Assert.True(info.ExtensionData!["someFutureField"].GetProperty("kept").GetBoolean());
        Assert.Equal("/api/models/acme/tiny-bert/revision/main", hub.Log[0].RequestMessage!.Path);
    }

    [Fact]
    public async Task Revisions_with_slashes_are_escaped_as_one_segment()
    {
        using var hub = new FakeHub();
        hub.Server.Given(Request.Create().UsingGet()).AtPriority(100).RespondWith(Response.Create().WithStatusCode(200)
            .WithHeader("Content-Type", "application/json").WithBody("{\"id\":\"acme/m\",\"sha\":\"" + new string('a', 40) + "\"}"));
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Path);

        await client.Models.GetAsync(RepoId.Parse("acme/m"), Revision.Parse("refs/pr/3"), cancellationToken: TestContext.Current.CancellationToken);
        // WireMock decodes AbsolutePath; the raw URL shows what went on the wire.
        Assert.EndsWith("/api/models/acme/m/revision/refs%2Fpr%2F3", hub.Log[0].RequestMessage!.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tree_paths_info_refs_and_commits_are_read()
    {
        using var hub = new FakeHub();
        var commit = new string('c', 40);
        var repo = hub.AddRepo("acme/files", commit: commit, files: [FakeFile.Text("a.txt", "a"), FakeFile.Binary("w/model.bin", 1000)]);
        hub.Server.Given(Request.Create().WithPath("/api/models/acme/files/paths-info/main").UsingPost())
            .RespondWith(FakeHub.Json(200, JsonSerializer.Serialize(new[] { new { type = "file", oid = repo.Files[0].Oid, size = 1, path = "a.txt" } })));
        hub.Server.Given(Request.Create().WithPath("/api/models/acme/files/refs").UsingGet())
            .RespondWith(FakeHub.Json(200, $$"""{"branches":[{"name":"main","ref":"refs/heads/main","targetCommit":"{{commit}}"}],"converts":[],"tags":[{"name":"v1","ref":"refs/tags/v1","targetCommit":"{{commit}}"}],"pullRequests":[]}"""));
        hub.Server.Given(Request.Create().WithPath("/api/models/acme/files/commits/main").UsingGet())
            .RespondWith(FakeHub.Json(200, $$"""[{"id":"{{commit}}","title":"Add weights","message":"","authors":[{"user":"alice","avatar":"https://x/a.png"}],"date":"2025-05-30T08:00:00.000Z"}]""").WithHeader("X-Total-Count", "1"));
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Path);
        var id = RepoId.Parse("acme/files");
        var ct = TestContext.Current.CancellationToken;

        var tree = new List<HubPlatform.Hub.Api.TreeEntry>();
        await foreach (var e in client.Repos.ListTreeAsync(id, revision: Revision.Parse(commit), recursive: true, cancellationToken: ct))
        {
            tree.Add(e);
        }

        Assert.Equal(["w", "a.txt", "w/model.bin"], tree.Select(e => e.Path));
        Assert.Equal(repo.Files[1].Sha256, tree[2].Lfs!.Oid);
        Assert.False(tree[0].IsFile);

        var info = await client.Repos.GetPathsInfoAsync(id, ["a.txt", "missing.txt"], cancellationToken: ct);
        Assert.Equal("a.txt", Assert.Single(info).Path);
        Assert.Contains("\"paths\":[\"a.txt\",\"missing.txt\"]", hub.Log.Last(e => e.RequestMessage!.Method == "POST").RequestMessage!.Body, StringComparison.Ordinal);

        var refs = await client.Repos.GetRefsAsync(id, includePullRequests: true, cancellationToken: ct);
        Assert.Equal("main", refs.Branches.Single().Name);
        Assert.Equal("v1", refs.Tags.Single().Name);
        Assert.NotNull(refs.PullRequests);
        Assert.Equal("1", hub.Log.Last().RequestMessage!.Query!["include_prs"].Single());

        var commits = new List<HubPlatform.Hub.Api.CommitInfo>();
        await foreach (var c in client.Repos.ListCommitsAsync(id, cancellationToken: ct))
        {
            commits.Add(c);
        }

        Assert.Equal("alice", commits.Single().Authors.Single().User);
    }
}
