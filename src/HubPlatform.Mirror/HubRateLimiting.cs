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
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, CallerKey>(context =>
                options.RateLimitPermits <= 0
                    ? RateLimitPartition.GetNoLimiter(default(CallerKey))
                    : RateLimitPartition.GetFixedWindowLimiter(Identity(context), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = options.RateLimitPermits,
                        Window = options.RateLimitWindow,
                        QueueLimit = 0,
                    }));
            limiter.OnRejected = (rejected, _) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? (int)Math.Ceiling(retry.TotalSeconds) : BusyRetrySeconds;
                var span = ((int)options.RateLimitWindow.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return new ValueTask(RejectAsync(rejected.HttpContext, options, seconds, $"You have exceeded the rate limit of {options.RateLimitPermits} requests per {span} s; retry in {seconds} s."));
            };
        });

        // Kept apart from the global limiter, so that reads (nearly every request) pay for one limiter, not two.
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MirrorOptions>>().Value;
            return new HeavyRequestLimiter(PartitionedRateLimiter.Create<HttpContext, CallerKey>(context =>
                options.HeavyRequestsPerCaller <= 0
                    ? RateLimitPartition.GetNoLimiter(default(CallerKey))
                    : RateLimitPartition.GetConcurrencyLimiter(Identity(context), _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = context.Caller() is null ? Math.Max(1, options.HeavyRequestsPerCaller / 2) : options.HeavyRequestsPerCaller,
                        QueueLimit = options.HeavyQueuePerCaller,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    })));
        });
        return services;
    }

    /// <summary>Runs a heavy request when its caller has a slot free (or one frees up while it waits in the short queue).</summary>
    public static async Task LimitHeavyRequestsAsync(HttpContext context, RequestDelegate next)
    {
        if (!IsHeavy(context.Request))
        {
            await next(context);
            return;
        }

        var limiter = context.RequestServices.GetRequiredService<HeavyRequestLimiter>().Limiter;
        using var lease = await limiter.AcquireAsync(context, 1, context.RequestAborted);
        if (!lease.IsAcquired)
        {
            var options = context.RequestServices.GetRequiredService<IOptions<MirrorOptions>>().Value;
            await RejectAsync(context, options, BusyRetrySeconds,
                $"Too many requests of this kind at once ({options.HeavyRequestsPerCaller} running, {options.HeavyQueuePerCaller} waiting); retry in {BusyRetrySeconds} s.");
            return;
        }

        await next(context);
    }

    private static Task RejectAsync(HttpContext context, MirrorOptions options, int seconds, string message)
    {
        var span = ((int)options.RateLimitWindow.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["RateLimit"] = $"\"api\";r=0;t={seconds.ToString(CultureInfo.InvariantCulture)}";
        context.Response.Headers["RateLimit-Policy"] = $"\"fixed window\";\"api\";q={options.RateLimitPermits.ToString(CultureInfo.InvariantCulture)};w={span}";
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return context.WriteErrorAsync(429, message, null);
    }

    // The user for signed-in callers; the address for everyone else (a key that allocates nothing per request).
    private static CallerKey Identity(HttpContext context) =>
        context.Caller() is { } caller ? new CallerKey(caller.UserId, null) : new CallerKey(0, context.Connection.RemoteIpAddress);

    // Routes that parse large bodies or write to the database, and the viewer's /filter, which reads a whole split.
    private static bool IsHeavy(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return HttpMethods.IsGet(request.Method) && request.Path.Value is { } get && get.EndsWith("/filter", StringComparison.Ordinal) && request.Query.ContainsKey("where");
        }

        var path = request.Path.Value ?? string.Empty;
        return path is "/api/validate-yaml" or "/api/repos/create"
            || path.EndsWith("/info/lfs/objects/batch", StringComparison.Ordinal)
            || (path.StartsWith("/api/", StringComparison.Ordinal) && (path.Contains("/preupload/", StringComparison.Ordinal) || path.Contains("/commit/", StringComparison.Ordinal)
                || path.EndsWith("/preupload", StringComparison.Ordinal) || path.EndsWith("/commit", StringComparison.Ordinal)));
    }
}

/// <summary>Whose budget a request spends: a user's, or an address's.</summary>
internal readonly record struct CallerKey(long UserId, System.Net.IPAddress? Address);

/// <summary>The per-caller concurrency limiter of the heavy routes (a singleton).</summary>
internal sealed class HeavyRequestLimiter(PartitionedRateLimiter<HttpContext> limiter) : IDisposable
{
    public PartitionedRateLimiter<HttpContext> Limiter => limiter;

    public void Dispose() => limiter.Dispose();
}
