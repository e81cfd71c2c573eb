using System.Net;
using System.Text.RegularExpressions;

namespace HubPlatform.Mirror.Tests;

/// <summary>Signing in to the pages with a token: the cookie, the forms' antiforgery tokens, private repositories, signing out, tokens.</summary>
public sealed partial class SignInPageTests : IAsyncLifetime
{
    private MirrorServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await MirrorServer.StartAsync(o => o.RunWorker = false);
        (await _server.CreateRepoAsync("open-model")).EnsureSuccessStatusCode();
        (await _server.CreateRepoAsync("closed-model", isPrivate: true)).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    // A browser: cookies kept, redirects not followed so that each answer can be looked at.
    private HttpClient Browser(CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = _server.Url };

    private static string FormToken(string html) => FormTokenPattern().Match(html).Groups[1].Value;

    private static async Task<HttpResponseMessage> PostAsync(HttpClient browser, string path, string html, params (string Key, string Value)[] fields) =>
        await browser.PostAsync(path, new FormUrlEncodedContent([new("__RequestVerificationToken", FormToken(html)), .. fields.Select(f => KeyValuePair.Create(f.Key, f.Value))]), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Signing_in_shows_private_repositories_to_the_pages_only_and_signing_out_hides_them_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var cookies = new CookieContainer();
        using var browser = Browser(cookies);
        var before = await browser.GetStringAsync("/models", ct);
        var login = await browser.GetStringAsync("/login?returnTo=%2Facme%2Fclosed-model", ct);

        var signedIn = await PostAsync(browser, "/login", login, ("token", _server.WriteToken), ("returnTo", "/acme/closed-model"));
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("hub_session=", StringComparison.Ordinal));
        var list = await browser.GetStringAsync("/models", ct);
        var page = await browser.GetAsync("/acme/closed-model", ct);
        var api = await browser.GetAsync("/api/models/acme/closed-model", ct);

        Assert.DoesNotContain("closed-model", before, StringComparison.Ordinal);
        Assert.Contains("href=\"/login?returnTo=%2Fmodels\"", before, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/acme/closed-model", signedIn.Headers.Location!.OriginalString);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("closed-model", list, StringComparison.Ordinal);
        Assert.Contains("Signed in as <strong>alice</strong>", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);

        var signedOut = await PostAsync(browser, "/logout", list);
        var after = await browser.GetStringAsync("/models", ct);
        var hidden = await browser.GetAsync("/acme/closed-model", ct);

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.DoesNotContain("closed-model", after, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/x")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task Sign_in_returns_only_to_pages_of_this_site(string returnTo)
    {
        using var browser = Browser(new CookieContainer());
        var login = await browser.GetStringAsync("/login", TestContext.Current.CancellationToken);

        var signedIn = await PostAsync(browser, "/login", login, ("token", _server.ReadToken), ("returnTo", returnTo));

        Assert.Equal("/models", signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_form_without_its_antiforgery_token_or_with_a_bad_token_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = Browser(new CookieContainer());
        var login = await browser.GetStringAsync("/login", ct);

        var forged = await browser.PostAsync("/login", new FormUrlEncodedContent([new("token", _server.WriteToken)]), ct);
        var wrong = await PostAsync(browser, "/login", login, ("token", "hf_not_a_token"));
        var list = await browser.GetStringAsync("/models", ct);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.TryGetValues("Set-Cookie", out var forgedCookies) && forgedCookies.Any(c => c.StartsWith("hub_session=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("not valid on this mirror", await wrong.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.DoesNotContain("closed-model", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tokens_page_lists_the_user_s_own_tokens_and_makes_a_new_one_shown_once()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = Browser(new CookieContainer());
        var anonymous = await browser.GetAsync("/settings/tokens", ct);
        var login = await browser.GetStringAsync("/login", ct);
        await PostAsync(browser, "/login", login, ("token", _server.ReadToken));
        var tokens = await browser.GetStringAsync("/settings/tokens", ct);

        var created = await PostAsync(browser, "/settings/tokens", tokens, ("name", "laptop"), ("role", "read"));
        var html = await created.Content.ReadAsStringAsync(ct);
        var secret = SecretPattern().Match(html).Groups[1].Value;
        var escalate = await PostAsync(browser, "/settings/tokens", tokens, ("name", "sneaky"), ("role", "write"));
        using var api = _server.Http(secret);
        var whoami = await api.GetStringAsync("/api/whoami-v2", ct);
        var again = await browser.GetStringAsync("/settings/tokens", ct);

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("<th scope=\"row\">reader</th>", tokens, StringComparison.Ordinal);
        Assert.DoesNotContain("mallory", tokens, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"write\">", tokens, StringComparison.Ordinal);
        Assert.StartsWith("hf_", secret, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"alice\"", whoami, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, escalate.StatusCode);
        Assert.Contains("<th scope=\"row\">laptop</th>", again, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, again, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormTokenPattern();

    [GeneratedRegex("<code class=\"secret\">([^<]+)</code>")]
    private static partial Regex SecretPattern();
}
