using System.Net;
using System.Text.Json;

namespace HubPlatform.Mirror.Tests;

public sealed class RefsAndSettingsTests(MirrorServer server) : IClassFixture<MirrorServer>
{
    [Fact]
    public async Task Branches_and_tags_are_created_resolved_listed_and_deleted()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = "acme/refs-" + Guid.NewGuid().ToString("N")[..8];
        (await server.CreateRepoAsync(repo[5..])).EnsureSuccessStatusCode();
        using var http = server.Http(server.WriteToken);

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/api/models/{repo}/branch/dev", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsync($"/api/models/{repo}/branch/dev", null, ct)).StatusCode);
        (await server.CommitAsync(repo, MirrorServer.Header("on dev") + "\n" + MirrorServer.FileLine("dev.txt", [1]), revision: "dev")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/api/models/{repo}/tag/dev", MirrorServer.Json("""{"tag":"v1","message":"first"}"""), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsync($"/api/models/{repo}/tag/main", MirrorServer.Json("""{"tag":"v1"}"""), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync($"/api/models/{repo}/tag/nope", MirrorServer.Json("""{"tag":"v2"}"""), ct)).StatusCode);

        using (var refs = JsonDocument.Parse(await http.GetStringAsync($"/api/models/{repo}/refs", ct)))
        {
            Assert.Equal(["dev", "main"], refs.RootElement.GetProperty("branches").EnumerateArray().Select(b => b.GetProperty("name").GetString()));
            var tag = refs.RootElement.GetProperty("tags").EnumerateArray().Single();
            Assert.Equal("refs/tags/v1", tag.GetProperty("ref").GetString());
            Assert.Equal(refs.RootElement.GetProperty("branches")[0].GetProperty("targetCommit").GetString(), tag.GetProperty("targetCommit").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/{repo}/resolve/v1/dev.txt", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/{repo}/resolve/main/dev.txt", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.DeleteAsync($"/api/models/{repo}/branch/main", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.DeleteAsync($"/api/models/{repo}/tag/v1", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.DeleteAsync($"/api/models/{repo}/branch/dev", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.DeleteAsync($"/api/models/{repo}/branch/dev", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync($"/api/models/{repo}/branch/bad..name", null, ct)).StatusCode);
    }

    [Fact]
    public async Task Settings_change_visibility_and_gating()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = "acme/settings-" + Guid.NewGuid().ToString("N")[..8];
        (await server.CreateRepoAsync(repo[5..])).EnsureSuccessStatusCode();
        using var owner = server.Http(server.WriteToken);
        using var anonymous = server.Http(null);

        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsync($"/api/models/{repo}/settings", MirrorServer.Json("""{"visibility":"private","gated":"manual"}"""), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/models/{repo}", ct)).StatusCode);
        using (var info = JsonDocument.Parse(await owner.GetStringAsync($"/api/models/{repo}", ct)))
        {
            Assert.True(info.RootElement.GetProperty("private").GetBoolean());
            Assert.Equal("manual", info.RootElement.GetProperty("gated").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsync($"/api/models/{repo}/settings", MirrorServer.Json("""{"private":false,"gated":false}"""), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/models/{repo}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PutAsync($"/api/models/{repo}/settings", MirrorServer.Json("""{"gated":"sometimes"}"""), ct)).StatusCode);
        using var reader = server.Http(server.ReadToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PutAsync($"/api/models/{repo}/settings", MirrorServer.Json("""{"private":true}"""), ct)).StatusCode);
    }
}
