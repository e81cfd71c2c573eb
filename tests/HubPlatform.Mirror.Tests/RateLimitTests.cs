using System.Net;

namespace HubPlatform.Mirror.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Callers_over_the_limit_get_429_with_the_hubs_headers_and_others_are_not_affected()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new MirrorServer { Configure = o => o.RateLimitPermits = 3 };
        await server.InitializeAsync();
        using var busy = server.Http(server.WriteToken);
        using var other = server.Http(server.ReadToken);

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
}
