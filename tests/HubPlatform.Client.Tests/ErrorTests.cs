using HubPlatform.Client.Errors;
using HubPlatform.Hub;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace HubPlatform.Client.Tests;

public class ErrorTests
{
    [Fact]
    public async Task Gated_repo_403_becomes_GatedRepoException_with_message_and_request_id()
    {
        using var hub = new FakeHub();
        hub.AddError("/api/models/acme/gated/revision/main", 403, "GatedRepo", "Access to model acme/gated is restricted. You must have access to it and be authenticated.");
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Path);

        var e = await Assert.ThrowsAsync<GatedRepoException>(() => client.Models.GetAsync(RepoId.Parse("acme/gated"), Revision.Main, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, e.StatusCode);
        Assert.Equal("req-403", e.RequestId);
        Assert.Contains("is restricted", e.Message, StringComparison.Ordinal);
        Assert.Contains("req-403", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_404_kind_maps_to_its_exception()
    {
        using var hub = new FakeHub();
        var commit = new string('d', 40);
        hub.AddError("/api/models/acme/missing/revision/main", 404, "RepoNotFound", "Repository not found");
        hub.AddError("/api/models/acme/real/revision/nope", 404, "RevisionNotFound", "Invalid rev id: nope");
        hub.AddError("/acme/real/resolve/main/nope.json", 404, "EntryNotFound", "Entry not found", "HEAD", commit);
        hub.AddError("/api/models/acme/real/tree/main/nope", 404, "EntryNotFound", "Entry not found");
        hub.AddError("/api/models/acme/disabled/revision/main", 403, null, "Access to this resource is disabled.");
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Path);
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<RepositoryNotFoundException>(() => client.Models.GetAsync(RepoId.Parse("acme/missing"), Revision.Main, cancellationToken: ct));
        await Assert.ThrowsAsync<RevisionNotFoundException>(() => client.Models.GetAsync(RepoId.Parse("acme/real"), Revision.Parse("nope"), cancellationToken: ct));
        var entry = await Assert.ThrowsAsync<EntryNotFoundException>(() => client.Files.GetFileMetadataAsync(RepoId.Parse("acme/real"), "nope.json", cancellationToken: ct));
        Assert.Equal(commit, entry.RepoCommit);
        Assert.False(await client.Files.FileExistsAsync(RepoId.Parse("acme/real"), "nope.json", cancellationToken: ct));
        await Assert.ThrowsAsync<EntryNotFoundException>(async () =>
        {
            await foreach (var _ in client.Repos.ListTreeAsync(RepoId.Parse("acme/real"), path: "nope", cancellationToken: ct))
            {
            }
        });
        await Assert.ThrowsAsync<DisabledRepoException>(() => client.Models.GetAsync(RepoId.Parse("acme/disabled"), Revision.Main, cancellationToken: ct));
    }

    [Fact]
    public async Task Anonymous_401_on_a_repo_route_is_RepositoryNotFound_but_bad_credentials_are_Unauthorized()
    {
        using var hub = new FakeHub();
        hub.Server.Given(Request.Create().WithPath("/api/models/acme/private/revision/main").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(401).WithHeader("Content-Type", "application/json").WithBody("{\"error\":\"Repository not found\"}"));
        hub.AddError("/api/whoami-v2", 401, null, "Invalid credentials in Authorization header");
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Path, o => o.Token = null);
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<RepositoryNotFoundException>(() => client.Models.GetAsync(RepoId.Parse("acme/private"), Revision.Main, cancellationToken: ct));
        var e = await Assert.ThrowsAsync<HubUnauthorizedException>(() => client.Users.WhoAmIAsync(ct));
        Assert.Contains("Invalid credentials", e.Message, StringComparison.Ordinal);
        Assert.False(hub.Log[0].RequestMessage!.Headers!.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Rate_limited_429_waits_for_Retry_After_then_succeeds()
    {
        using var hub = new FakeHub();
        hub.Server.Given(Request.Create().WithPath("/api/whoami-v2").UsingGet()).InScenario("rl").WillSetStateTo("limited-once")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1").WithHeader("RateLimit", "\"api\";r=0;t=1")
                .WithHeader("Content-Type", "application/json").WithBody("{\"error\":\"Too many requests\"}"));
        hub.Server.Given(Request.Create().WithPath("/api/whoami-v2").UsingGet()).InScenario("rl").WhenStateIs("limited-once")
            .RespondWith(FakeHub.Json(200, "{\"type\":\"user\",\"name\":\"alice\",\"orgs\":[{\"name\":\"acme\"}],\"auth\":{\"type\":\"access_token\",\"accessToken\":{\"displayName\":\"ci\",\"role\":\"read\",\"createdAt\":\"2025-02-03T10:00:00.000Z\"}}}"));
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Path);

        var me = await client.Users.WhoAmIAsync(TestContext.Current.CancellationToken);

        Assert.Equal("alice", me.Name);
        Assert.Equal("read", me.Auth!.AccessToken!.Role);
        var log = hub.Log.OrderBy(e => e.RequestMessage!.DateTime).ToList();
        Assert.Equal(2, log.Count);
        var waited = log[1].RequestMessage!.DateTime - log[0].RequestMessage!.DateTime;
        Assert.True(waited >= TimeSpan.FromMilliseconds(900), $"waited only {waited}");
    }

    [Fact]
    public async Task Server_errors_on_idempotent_requests_are_retried_but_not_forever()
    {
        using var hub = new FakeHub();
        hub.Server.Given(Request.Create().WithPath("/api/models/acme/flaky/revision/main").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Content-Type", "application/json").WithBody("{\"error\":\"busy\"}"));
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Path, o => o.MaxRetries = 2);

        var e = await Assert.ThrowsAsync<HubHttpException>(() => client.Models.GetAsync(RepoId.Parse("acme/flaky"), Revision.Main, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, e.StatusCode);
        Assert.Equal(3, hub.Log.Count);
    }

    [Fact]
    public async Task Post_requests_are_not_retried()
    {
        using var hub = new FakeHub();
        hub.Server.Given(Request.Create().WithPath("/api/models/acme/x/paths-info/main").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(503).WithBody("busy"));
        using var dir = new TempDir();
        using var client = hub.CreateClient(dir.Path);

        await Assert.ThrowsAsync<HubHttpException>(() => client.Repos.GetPathsInfoAsync(RepoId.Parse("acme/x"), ["a"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Single(hub.Log);
    }
}
