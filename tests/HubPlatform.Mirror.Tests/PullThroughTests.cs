using System.Net;
using System.Text.Json;

namespace HubPlatform.Mirror.Tests;

public sealed class PullThroughTests
{
    [Fact]
    public async Task A_missing_repo_is_pulled_from_upstream_and_a_dead_upstream_gives_504_never_404()
    {
        var ct = TestContext.Current.CancellationToken;
        var upstream = new MirrorServer();
        await upstream.InitializeAsync();
        (await upstream.CreateRepoAsync("pulled")).EnsureSuccessStatusCode();
        (await upstream.CreateRepoAsync("secret-thing")).EnsureSuccessStatusCode();
        (await upstream.CommitAsync("acme/pulled", MirrorServer.Header("add") + "\n" + MirrorServer.FileLine("config.json", "{\"x\":1}"u8.ToArray()))).EnsureSuccessStatusCode();
        await using var local = new MirrorServer
        {
            Configure = o =>
            {
                o.UpstreamUrl = upstream.Url.ToString();
                o.UpstreamToken = upstream.WriteToken;
                o.UpstreamDeny.Add("acme/secret-*");
            },
        };
        await local.InitializeAsync();
        using var anonymous = local.Http(null);

        var file = await anonymous.GetAsync("/acme/pulled/resolve/main/config.json", ct);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("{\"x\":1}", await file.Content.ReadAsStringAsync(ct));
        using (var up = JsonDocument.Parse(await upstream.Http(null).GetStringAsync("/api/models/acme/pulled", ct)))
        using (var here = JsonDocument.Parse(await anonymous.GetStringAsync("/api/models/acme/pulled", ct)))
        {
            Assert.Equal(up.RootElement.GetProperty("sha").GetString(), here.RootElement.GetProperty("sha").GetString());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/models/acme/secret-thing", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/models/acme/not-upstream-either", ct)).StatusCode);

        // The upstream goes away: what was pulled is still served, what was not is a 504.
        await upstream.DisposeAsync();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/acme/pulled/resolve/main/config.json", ct)).StatusCode);
        var missing = await anonymous.GetAsync("/acme/never-pulled/resolve/main/config.json", ct);
        Assert.Equal(HttpStatusCode.GatewayTimeout, missing.StatusCode);
        Assert.Contains("upstream", await missing.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repo_gated_upstream_is_pulled_gated_and_needs_access_on_the_mirror()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = new MirrorServer();
        await upstream.InitializeAsync();
        (await upstream.CreateRepoAsync("gated-up")).EnsureSuccessStatusCode();
        (await upstream.CommitAsync("acme/gated-up", MirrorServer.Header("add") + "\n" + MirrorServer.FileLine("config.json", "{}"u8.ToArray()))).EnsureSuccessStatusCode();
        using (var owner = upstream.Http(upstream.WriteToken))
        {
            (await owner.PutAsync("/api/models/acme/gated-up/settings", MirrorServer.Json("""{"gated":"auto"}"""), ct)).EnsureSuccessStatusCode();
        }

        await using var local = new MirrorServer { Configure = o => (o.UpstreamUrl, o.UpstreamToken) = (upstream.Url.ToString(), upstream.WriteToken) };
        await local.InitializeAsync();
        using var anonymous = local.Http(null);
        using var outsider = local.Http(local.OutsiderToken);
        using var member = local.Http(local.WriteToken);

        var refused = await anonymous.GetAsync("/acme/gated-up/resolve/main/config.json", ct);
        Assert.Equal((HttpStatusCode.Unauthorized, "GatedRepo"), (refused.StatusCode, refused.Headers.GetValues("X-Error-Code").Single()));
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync("/acme/gated-up/resolve/main/config.json", ct)).StatusCode);
        Assert.Equal("{}", await member.GetStringAsync("/acme/gated-up/resolve/main/config.json", ct));

        // An auto gate on the mirror opens to whoever asks there.
        (await outsider.PostAsync("/acme/gated-up/ask-access", null, ct)).EnsureSuccessStatusCode();
        Assert.Equal("{}", await outsider.GetStringAsync("/acme/gated-up/resolve/main/config.json", ct));
    }

    [Fact]
    public async Task An_offline_mirror_answers_504_for_what_it_lacks()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var local = new MirrorServer { Configure = o => o.Offline = true };
        await local.InitializeAsync();
        (await local.CreateRepoAsync("here")).EnsureSuccessStatusCode();
        using var anonymous = local.Http(null);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/models/acme/here", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.GatewayTimeout, (await anonymous.GetAsync("/api/models/acme/elsewhere", ct)).StatusCode);
    }
}
