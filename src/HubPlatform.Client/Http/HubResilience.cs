using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace HubPlatform.Client.Http;

/// <summary>
/// The retry and timeout policy, in one place for the DI and the hand-built pipelines: idempotent requests are retried
/// after 408, 429, 5xx, timeouts and dropped connections with jittered exponential backoff, and a 429's <c>Retry-After</c>
/// sets the wait. Each attempt may take <see cref="HubClientOptions.RequestTimeout"/> until response headers arrive, except
/// uploads and commits (<see cref="HubRequestOptions.NoTimeout"/>), whose answers come only after their bodies are sent.
/// </summary>
internal static class HubResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, HubClientOptions options)
    {
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, options.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.MaxRetryDelay,
            ShouldRetryAfterHeader = true,
        };
        retry.DisableForUnsafeHttpMethods();
        if (options.MaxRetries <= 0)
        {
            retry.ShouldHandle = _ => PredicateResult.False();
        }

        builder.AddRetry(retry);
        builder.AddTimeout(new HttpTimeoutStrategyOptions
        {
            Timeout = options.RequestTimeout,
            TimeoutGenerator = args => ValueTask.FromResult(
                args.Context.GetRequestMessage()?.Options.TryGetValue(HubRequestOptions.NoTimeout, out var none) == true && none
                    ? Timeout.InfiniteTimeSpan
                    : options.RequestTimeout),
        });
    }

    /// <summary>Statuses worth another try, as <c>huggingface_hub</c>'s <c>http_backoff</c> retries them.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
}
