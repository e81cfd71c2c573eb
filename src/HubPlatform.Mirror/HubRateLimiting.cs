using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace HubPlatform.Mirror;

/// <summary>
/// Fixed-window limits per token (per address when anonymous), answered as the Hub answers them: 429 with
/// <c>RateLimit</c>, <c>RateLimit-Policy</c> and <c>Retry-After</c>, which <c>huggingface_hub</c> waits on before retrying.
/// </summary>
internal static class HubRateLimiting
{
    public static IServiceCollection AddHubRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<MirrorOptions>>((limiter, mirror) =>
        {
            var options = mirror.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                options.RateLimitPermits <= 0
                    ? RateLimitPartition.GetNoLimiter("off")
                    : RateLimitPartition.GetFixedWindowLimiter(PartitionKey(context), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = options.RateLimitPermits,
                        Window = options.RateLimitWindow,
                        QueueLimit = 0,
                    }));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? (int)Math.Ceiling(retry.TotalSeconds) : (int)options.RateLimitWindow.TotalSeconds;
                var window = ((int)options.RateLimitWindow.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["RateLimit"] = $"\"api\";r=0;t={seconds.ToString(CultureInfo.InvariantCulture)}";
                context.Response.Headers["RateLimit-Policy"] = $"\"fixed window\";\"api\";q={options.RateLimitPermits.ToString(CultureInfo.InvariantCulture)};w={window}";
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await context.WriteErrorAsync(429, $"You have exceeded the rate limit of {options.RateLimitPermits} requests per {window} s; retry in {seconds} s.", null);
            };
        });
        return services;
    }

    // The token's hash (never the token) for signed-in callers, the address otherwise.
    private static string PartitionKey(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        return authorization.Length > 0
            ? "t:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(authorization)))
            : "a:" + context.Connection.RemoteIpAddress;
    }
}
