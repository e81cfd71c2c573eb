using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace HubPlatform.Mirror;

/// <summary>
/// Limits per identity, decided after authentication: a signed-in user by user (whichever token), everyone else (anonymous
/// callers and credentials that did not authenticate) by address, so no header makes a fresh budget. Two limits: a fixed
/// window of requests, and on the heavy write routes (commit, preupload, LFS batch, validate-yaml, repository creation)
/// a few requests at a time with a short queue. Refusals are answered as the Hub answers them: 429 with <c>RateLimit</c>,
/// <c>RateLimit-Policy</c> and <c>Retry-After</c>, which <c>huggingface_hub</c> waits on before retrying.
/// </summary>
internal static class HubRateLimiting
{
    // A caller over its concurrency limit is asked to come back soon, not after the window.
    private const int BusyRetrySeconds = 2;

    public static IServiceCollection AddHubRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<MirrorOptions>>((limiter, mirror) =>
        {
            var options = mirror.Value;
            var window = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                options.RateLimitPermits <= 0
                    ? RateLimitPartition.GetNoLimiter("off")
                    : RateLimitPartition.GetFixedWindowLimiter(Identity(context), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = options.RateLimitPermits,
                        Window = options.RateLimitWindow,
                        QueueLimit = 0,
                    }));
            var heavy = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                options.HeavyRequestsPerCaller <= 0 || !IsHeavy(context.Request)
                    ? RateLimitPartition.GetNoLimiter("light")
                    : RateLimitPartition.GetConcurrencyLimiter(Identity(context), _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = context.Caller() is null ? Math.Max(1, options.HeavyRequestsPerCaller / 2) : options.HeavyRequestsPerCaller,
                        QueueLimit = options.HeavyQueuePerCaller,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    }));
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(window, heavy);
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                var windowed = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry);
                var seconds = windowed ? (int)Math.Ceiling(retry.TotalSeconds) : BusyRetrySeconds;
                var span = ((int)options.RateLimitWindow.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["RateLimit"] = $"\"api\";r=0;t={seconds.ToString(CultureInfo.InvariantCulture)}";
                context.Response.Headers["RateLimit-Policy"] = $"\"fixed window\";\"api\";q={options.RateLimitPermits.ToString(CultureInfo.InvariantCulture)};w={span}";
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var message = windowed
                    ? $"You have exceeded the rate limit of {options.RateLimitPermits} requests per {span} s; retry in {seconds} s."
                    : $"Too many requests of this kind at once ({options.HeavyRequestsPerCaller} running, {options.HeavyQueuePerCaller} waiting); retry in {seconds} s.";
                await context.WriteErrorAsync(429, message, null);
            };
        });
        return services;
    }

    // The user for signed-in callers; the address for everyone else.
    private static string Identity(HttpContext context) =>
        context.Caller() is { } caller ? "u:" + caller.UserId.ToString(CultureInfo.InvariantCulture) : "a:" + context.Connection.RemoteIpAddress;

    // Routes that parse large bodies or write to the database.
    private static bool IsHeavy(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return false;
        }

        var path = request.Path.Value ?? string.Empty;
        return path is "/api/validate-yaml" or "/api/repos/create"
            || path.EndsWith("/info/lfs/objects/batch", StringComparison.Ordinal)
            || (path.StartsWith("/api/", StringComparison.Ordinal) && (path.Contains("/preupload/", StringComparison.Ordinal) || path.Contains("/commit/", StringComparison.Ordinal)
                || path.EndsWith("/preupload", StringComparison.Ordinal) || path.EndsWith("/commit", StringComparison.Ordinal)));
    }
}
