using System.Net;
using System.Text;

namespace HubPlatform.Mirror.Tests;

/// <summary>Limits are per identity, decided after authentication, so no choice of header buys a fresh budget.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Callers_over_the_limit_get_429_with_the_hubs_headers_and_others_are_not_affected()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MirrorServer.StartAsync(o => o.RateLimitPermits = 3);
        using var busy = server.Http(server.WriteToken);
        using var other = server.Http(server.OutsiderToken);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/api/models", ct)).StatusCode);
        }

        var limited = await busy.GetAsync("/api/models", ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Matches("^\"api\";r=0;t=[0-9]+$", limited.Headers.GetValues("RateLimit").Single());
        Assert.Equal("\"fixed window\";\"api\";q=3;w=300", limited.Headers.GetValues("RateLimit-Policy").Single());
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Contains("rate limit", await limited.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/models", ct)).StatusCode);
    }

    [Fact]
    public async Task Every_token_of_a_user_and_every_spelling_of_the_header_share_one_budget()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MirrorServer.StartAsync(o => o.RateLimitPermits = 3);
        using var http = new HttpClient { BaseAddress = server.Url };
        string[] headers = [$"Bearer {server.WriteToken}", $"Bearer    {server.WriteToken}  ", $"bearer {server.ReadToken}"];

        foreach (var header in headers)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, header, ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(http, $"Bearer {server.ReadToken}", ct)).StatusCode);
    }

    [Fact]
    public async Task Credentials_that_do_not_authenticate_are_401_and_count_against_the_address()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MirrorServer.StartAsync(o => o.RateLimitPermits = 5);
        using var http = new HttpClient { BaseAddress = server.Url };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var random = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
            var response = await SendAsync(http, i % 2 == 0 ? "Basic " + random : "Bearer hf_" + random, ct);
            statuses.Add(response.StatusCode);
            Assert.Contains("Invalid credentials", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(http, "Digest whatever", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.GetAsync("/api/models", ct)).StatusCode);
    }

    [Theory]
    [InlineData("Token abc")]
    [InlineData("Bearer")]
    [InlineData("Bearer a b")]
    [InlineData("Basic !!!")]
    public async Task A_malformed_authorization_header_is_401(string header)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MirrorServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Url };

        var response = await SendAsync(http, header, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Invalid credentials in Authorization header", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Git_style_basic_credentials_carry_a_token()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MirrorServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Url };

        var response = await SendAsync(http, "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:" + server.WriteToken)), ct, "/api/whoami-v2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Anonymous_bodies_have_a_small_limit_and_writers_the_large_one()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MirrorServer.StartAsync(o => o.MaxAnonymousBodyBytes = 10_000);
        var body = $$"""{"content":"---\nlicense: mit\n---\n{{new string('x', 20_000)}}","repoType":"model"}""";
        using var anonymous = server.Http(null);
        using var writer = server.Http(server.WriteToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await anonymous.PostAsync("/api/validate-yaml", MirrorServer.Json(body), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await writer.PostAsync("/api/validate-yaml", MirrorServer.Json(body), ct)).StatusCode);
    }

    [Fact]
    public async Task Heavy_routes_run_a_few_at_a_time_per_caller_while_other_callers_go_on()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MirrorServer.StartAsync(o => (o.HeavyRequestsPerCaller, o.HeavyQueuePerCaller) = (1, 0));
        (await server.CreateRepoAsync("busy")).EnsureSuccessStatusCode();
        using var alice = server.Http(server.WriteToken);
        using var mallory = server.Http(server.OutsiderToken);

        // A commit whose body has not ended holds alice's one slot: its headers and first line are sent on a raw socket, and
        // the rest never comes until the test closes the socket. Should a probe below have had the slot at that moment, the
        // commit itself is refused (the server answers on the socket) and is sent again.
        var header = MirrorServer.Header("slow") + "\n";
        var request = Encoding.UTF8.GetBytes($"POST /api/models/acme/busy/commit/main HTTP/1.1\r\nHost: {server.Url.Authority}\r\nAuthorization: Bearer {server.WriteToken}\r\n"
            + $"Content-Type: application/x-ndjson\r\nContent-Length: 100000\r\n\r\n{header}");
        var held = new System.Net.Sockets.TcpClient();
        await held.ConnectAsync(server.Url.Host, server.Url.Port, ct);
        await held.GetStream().WriteAsync(request, ct);
        HttpResponseMessage? refused = null;
        for (var attempt = 0; attempt < 500 && refused is null; attempt++)
        {
            if (held.Available > 0)
            {
                held.Dispose();
                held = new System.Net.Sockets.TcpClient();
                await held.ConnectAsync(server.Url.Host, server.Url.Port, ct);
                await held.GetStream().WriteAsync(request, ct);
            }

            await Task.Delay(20, ct);
            var response = await alice.PostAsync("/api/validate-yaml", MirrorServer.Json("""{"content":"","repoType":"model"}"""), ct);
            refused = response.StatusCode == HttpStatusCode.TooManyRequests && held.Available == 0 ? response : null;
        }

        Assert.NotNull(refused);
        Assert.Equal("2", refused.Headers.GetValues("Retry-After").Single());
        Assert.Contains("at once", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await mallory.PostAsync("/api/validate-yaml", MirrorServer.Json("""{"content":"","repoType":"model"}"""), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/models/acme/busy", ct)).StatusCode);

        // The slot is given back when the commit ends (here: its client goes away).
        held.Dispose();
        HttpStatusCode status = HttpStatusCode.TooManyRequests;
        for (var attempt = 0; attempt < 500 && status == HttpStatusCode.TooManyRequests; attempt++)
        {
            status = (await alice.PostAsync("/api/validate-yaml", MirrorServer.Json("""{"content":"","repoType":"model"}"""), ct)).StatusCode;
            await Task.Delay(20, ct);
        }

        Assert.Equal(HttpStatusCode.OK, status);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string authorization, CancellationToken ct, string path = "/api/models")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await http.SendAsync(request, ct);
    }
}
