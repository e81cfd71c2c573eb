using System.Net;
using System.Text.Json;

namespace HubPlatform.Mirror.Tests;

/// <summary>
/// Gated repositories as the Hub runs them, driven over HTTP in the shapes <c>huggingface_hub</c> sends: files need
/// granted access (401 anonymous, 403 others, <c>GatedRepo</c>), the rest stays readable, and the owner answers requests.
/// </summary>
public sealed class GatedRepoTests(MirrorServer server) : IClassFixture<MirrorServer>
{
    [Theory]
    [InlineData("manual")]
    [InlineData("auto")]
    public async Task Files_of_a_gated_repo_need_access_while_its_info_stays_readable(string mode)
    {
        var ct = TestContext.Current.CancellationToken;
        var (repo, _) = await GatedRepoAsync(mode, ct);
        var bob = await server.TokenForAsync("bob-" + Guid.NewGuid().ToString("N")[..6]);
        using var anonymous = server.Http(null);
        using var other = server.Http(bob);
        using var owner = server.Http(server.WriteToken);

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
        {
            var anon = await anonymous.SendAsync(new HttpRequestMessage(method, $"/{repo}/resolve/main/w.bin"), ct);
            Assert.Equal(HttpStatusCode.Unauthorized, anon.StatusCode);
            Assert.Equal("GatedRepo", anon.Headers.GetValues("X-Error-Code").Single());
            Assert.Contains($"Access to model {repo} is restricted", anon.Headers.GetValues("X-Error-Message").Single(), StringComparison.Ordinal);
            var signedIn = await other.SendAsync(new HttpRequestMessage(method, $"/{repo}/resolve/main/w.bin"), ct);
            Assert.Equal(HttpStatusCode.Forbidden, signedIn.StatusCode);
            Assert.Equal("GatedRepo", signedIn.Headers.GetValues("X-Error-Code").Single());
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/{repo}/raw/main/w.bin", ct)).StatusCode);
        var batch = await other.PostAsync($"/{repo}.git/info/lfs/objects/batch", MirrorServer.Json("""{"operation":"download","objects":[]}"""), ct);
        Assert.Equal(HttpStatusCode.Forbidden, batch.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/models/{repo}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/models/{repo}/tree/main", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/{repo}/resolve/main/w.bin", ct)).StatusCode);
    }

    [Fact]
    public async Task A_manual_gate_flows_from_request_to_accept_reject_and_cancel()
    {
        var ct = TestContext.Current.CancellationToken;
        var (repo, content) = await GatedRepoAsync("manual", ct);
        var bobName = "bob-" + Guid.NewGuid().ToString("N")[..6];
        var bob = await server.TokenForAsync(bobName);
        using var asker = server.Http(bob);
        using var owner = server.Http(server.WriteToken);

        var ask = await asker.PostAsync($"/{repo}/ask-access", MirrorServer.Json("""{"company":"Initech","use":"research"}"""), ct);
        Assert.Equal("pending", await StatusOfAsync(ask, ct));
        Assert.Equal(HttpStatusCode.Forbidden, (await asker.GetAsync($"/{repo}/resolve/main/w.bin", ct)).StatusCode);

        // Only the owner lists and answers.
        Assert.Equal(HttpStatusCode.Forbidden, (await asker.GetAsync($"/api/models/{repo}/user-access-request/pending", ct)).StatusCode);
        var pending = await ListAsync(owner, repo, "pending", ct);
        var request = Assert.Single(pending);
        Assert.Equal(bobName, request.GetProperty("user").GetProperty("user").GetString());
        Assert.Equal("pending", request.GetProperty("status").GetString());
        Assert.Equal("Initech", request.GetProperty("fields").GetProperty("company").GetString());
        Assert.True(request.GetProperty("timestamp").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));

        await HandleAsync(owner, repo, $$"""{"user":"{{bobName}}","status":"accepted"}""", ct);
        Assert.Equal(content, await asker.GetByteArrayAsync($"/{repo}/resolve/main/w.bin", ct));
        Assert.Single(await ListAsync(owner, repo, "accepted", ct));
        Assert.Empty(await ListAsync(owner, repo, "pending", ct));

        await HandleAsync(owner, repo, $$"""{"user":"{{bobName}}","status":"rejected","rejectionReason":"no"}""", ct);
        Assert.Equal(HttpStatusCode.Forbidden, (await asker.GetAsync($"/{repo}/resolve/main/w.bin", ct)).StatusCode);
        Assert.Single(await ListAsync(owner, repo, "rejected", ct));

        // cancel_access_request sends status "pending".
        await HandleAsync(owner, repo, $$"""{"user":"{{bobName}}","status":"pending"}""", ct);
        Assert.Single(await ListAsync(owner, repo, "pending", ct));
    }

    [Fact]
    public async Task An_auto_gate_accepts_at_once_and_grant_needs_no_request()
    {
        var ct = TestContext.Current.CancellationToken;
        var (repo, _) = await GatedRepoAsync("auto", ct);
        var bob = await server.TokenForAsync("bob-" + Guid.NewGuid().ToString("N")[..6]);
        var carolName = "carol-" + Guid.NewGuid().ToString("N")[..6];
        var carol = await server.TokenForAsync(carolName);
        using var asker = server.Http(bob);
        using var owner = server.Http(server.WriteToken);

        Assert.Equal("accepted", await StatusOfAsync(await asker.PostAsync($"/{repo}/ask-access", null, ct), ct));
        Assert.Equal(HttpStatusCode.OK, (await asker.GetAsync($"/{repo}/resolve/main/w.bin", ct)).StatusCode);

        var grant = await owner.PostAsync($"/api/models/{repo}/user-access-request/grant", MirrorServer.Json($$"""{"user":"{{carolName}}"}"""), ct);
        Assert.Equal(HttpStatusCode.OK, grant.StatusCode);
        using var granted = server.Http(carol);
        Assert.Equal(HttpStatusCode.OK, (await granted.GetAsync($"/{repo}/resolve/main/w.bin", ct)).StatusCode);
        var again = await owner.PostAsync($"/api/models/{repo}/user-access-request/grant", MirrorServer.Json($$"""{"user":"{{carolName}}"}"""), ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsync($"/api/models/{repo}/user-access-request/handle", MirrorServer.Json("""{"user":"nobody-at-all","status":"accepted"}"""), ct)).StatusCode);
    }

    [Fact]
    public async Task Access_request_listings_page_with_link_headers()
    {
        var ct = TestContext.Current.CancellationToken;
        var (repo, _) = await GatedRepoAsync("manual", ct);
        for (var i = 0; i < 101; i++)
        {
            using var asker = server.Http(await server.TokenForAsync($"u{i:D3}-" + Guid.NewGuid().ToString("N")[..4]));
            (await asker.PostAsync($"/{repo}/ask-access", null, ct)).EnsureSuccessStatusCode();
        }

        using var owner = server.Http(server.WriteToken);
        var pages = await MirrorServer.PagesAsync(owner, $"/api/models/{repo}/user-access-request/pending", ct);

        Assert.Equal(2, pages.Count);
        Assert.Equal(101, pages.Sum(p => p.GetArrayLength()));
    }

    private async Task<(string Repo, byte[] Content)> GatedRepoAsync(string mode, CancellationToken ct)
    {
        var name = "g-" + Guid.NewGuid().ToString("N")[..8];
        (await server.CreateRepoAsync(name)).EnsureSuccessStatusCode();
        var repo = $"acme/{name}";
        var content = Guid.NewGuid().ToByteArray();
        var sha = await server.UploadLfsAsync(repo, content, ct);
        (await server.CommitAsync(repo, MirrorServer.Header("w") + "\n" + MirrorServer.LfsLine("w.bin", sha, content.Length))).EnsureSuccessStatusCode();
        using var owner = server.Http(server.WriteToken);
        (await owner.PutAsync($"/api/models/{repo}/settings", MirrorServer.Json($$"""{"gated":"{{mode}}"}"""), ct)).EnsureSuccessStatusCode();
        return (repo, content);
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient owner, string repo, string status, CancellationToken ct) =>
        [.. (await MirrorServer.PagesAsync(owner, $"/api/models/{repo}/user-access-request/{status}", ct)).SelectMany(p => p.EnumerateArray())];

    private static async Task HandleAsync(HttpClient owner, string repo, string body, CancellationToken ct) =>
        (await owner.PostAsync($"/api/models/{repo}/user-access-request/handle", MirrorServer.Json(body), ct)).EnsureSuccessStatusCode();

    private static async Task<string?> StatusOfAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, body);
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("status").GetString();
    }
}
