using HubPlatform.Client.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HubPlatform.Client;

/// <summary>Registers <see cref="HubClient"/> on <c>IHttpClientFactory</c>.</summary>
public static class HubServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the client uses.</summary>
    public const string HttpClientName = "HubPlatform.Client";

    /// <summary>
    /// Adds <see cref="HubClient"/> with options from the environment (as <c>huggingface_hub</c> reads it), then
    /// <paramref name="configure"/>. Handlers, outermost first: errors, resilience, redirects, auth.
    /// </summary>
    public static IServiceCollection AddHubClient(this IServiceCollection services, Action<HubClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<HubClientOptions>().Configure(o =>
        {
            var resolved = HubEnvironment.Resolve();
            o.Endpoint = resolved.Endpoint;
            o.Token = resolved.Token;
            o.CacheDirectory = resolved.CacheDirectory;
            o.Offline = resolved.Offline;
            o.DisableProgressBars = resolved.DisableProgressBars;
            o.DisableSymlinks = resolved.DisableSymlinks;
            o.RequestTimeout = resolved.RequestTimeout;
            o.DownloadReadTimeout = resolved.DownloadReadTimeout;
            configure?.Invoke(o);
        });

        services.AddTransient<HubErrorHandler>();
        services.AddTransient<HubRedirectHandler>();
        services.AddTransient(sp => new HubAuthHandler(sp.GetRequiredService<IOptions<HubClientOptions>>().Value));
        services.AddHttpClient(HttpClientName, (sp, http) =>
            {
                http.BaseAddress = sp.GetRequiredService<IOptions<HubClientOptions>>().Value.Endpoint;
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(HubHttpPipeline.CreatePrimaryHandler)
            .AddHttpMessageHandler<HubErrorHandler>()
            .AddResilienceHandler("hub", (builder, context) =>
                HubResilience.Configure(builder, context.ServiceProvider.GetRequiredService<IOptions<HubClientOptions>>().Value))
            .Services
            .AddHttpClient(HttpClientName)
            .AddHttpMessageHandler<HubRedirectHandler>()
            .AddHttpMessageHandler<HubAuthHandler>();

        services.AddTransient(sp => new HubClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<HubClientOptions>>().Value,
            sp.GetService<ILogger<HubClient>>()));
        return services;
    }
}
