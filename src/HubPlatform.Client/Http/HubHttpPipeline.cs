using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace HubPlatform.Client.Http;

/// <summary>
/// Builds the handler chain by hand for clients made without DI; <see cref="HubServiceCollectionExtensions.AddHubClient"/>
/// registers the same handlers, in the same order, on <c>IHttpClientFactory</c>.
/// Outermost first: errors, resilience, redirects, auth, sockets.
/// </summary>
internal static class HubHttpPipeline
{
    public static HttpMessageHandler CreatePrimaryHandler() => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(30),
    };

    public static HttpMessageHandler Create(HubClientOptions options, HttpMessageHandler? primary = null)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        HubResilience.Configure(builder, options);
        return Chain(
            primary ?? CreatePrimaryHandler(),
            new HubAuthHandler(options),
            new HubRedirectHandler(),
            new ResilienceHandler(builder.Build()),
            new HubErrorHandler());
    }

    public static HttpClient CreateHttpClient(HubClientOptions options, HttpMessageHandler? primary = null) =>
        new(Create(options, primary), disposeHandler: true)
        {
            BaseAddress = options.Endpoint,
            Timeout = Timeout.InfiniteTimeSpan,
        };

    private static HttpMessageHandler Chain(HttpMessageHandler innermost, params DelegatingHandler[] outward)
    {
        var inner = innermost;
        foreach (var handler in outward)
        {
            handler.InnerHandler = inner;
            inner = handler;
        }

        return inner;
    }
}
