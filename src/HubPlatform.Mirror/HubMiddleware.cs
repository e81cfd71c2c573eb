using HubPlatform.Storage;
using Microsoft.AspNetCore.Http.Features;

namespace HubPlatform.Mirror;

/// <summary>
/// Authenticates the caller and turns refusals into the Hub's error shape; anything unexpected is logged and answered 500
/// without details. Credentials that do not authenticate (a malformed header, an unknown or revoked token) are refused
/// with 401 after the rate limiter has counted the request against the caller's address (<see cref="HubRateLimiting"/>),
/// so that guessing tokens costs the guesser's own budget.
/// </summary>
internal sealed class HubMiddleware(RequestDelegate next, ILogger<HubMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;

        // Files are the users' content on the mirror's origin: never sniffed into something runnable, and a document that
        // is opened anyway (HTML, SVG) runs no script, loads nothing and cannot be framed.
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; sandbox";
        try
        {
            if (context.Request.Headers.Authorization.Count > 0)
            {
                var tokens = context.RequestServices.GetRequiredService<TokenService>();
                var caller = BearerToken(context.Request.Headers.Authorization) is { } token ? await tokens.AuthenticateAsync(token, context.RequestAborted) : null;
                if (caller is null)
                {
                    context.MarkInvalidCredentials();
                }
                else
                {
                    context.SetCaller(caller);
                }
            }

            await next(context);
        }
        catch (HubProblemException e) when (!context.Response.HasStarted && e.MovedTo is { } moved)
        {
            // A relative Location to the same route under the new id; clients re-issue it (Python does so for HEAD too).
            var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target ? target : context.Request.Path.ToUriComponent() + context.Request.QueryString;
            var q = raw.IndexOf('?', StringComparison.Ordinal);
            var (path, query) = q < 0 ? (raw, string.Empty) : (raw[..q], raw[q..]);
            var from = "/" + moved.From + "/";
            var at = (path + "/").IndexOf(from, StringComparison.OrdinalIgnoreCase);
            var rewritten = at < 0 ? path : (path[..at] + "/" + moved.To + "/" + (path + "/")[(at + from.Length)..]).TrimEnd('/');
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = rewritten + query;
        }
        catch (HubProblemException e) when (!context.Response.HasStarted)
        {
            await context.WriteErrorAsync(e.Status, e.Message, e.ErrorCode);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await context.WriteErrorAsync(e.StatusCode, e.Message, null);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            logger.LogError(e, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            await context.WriteErrorAsync(500, "Internal error; see the server log for request " + context.TraceIdentifier, null);
        }
    }

    /// <summary>Refuses a request whose credentials did not authenticate; runs after the rate limiter.</summary>
    public static Task RejectInvalidCredentialsAsync(HttpContext context, RequestDelegate next) =>
        context.HasInvalidCredentials() ? throw new HubProblemException(401, "Invalid credentials in Authorization header") : next(context);

    // The token of "Bearer <token>", or of "Basic base64(user:token)" as git clients send it; null for anything else (one
    // header, one scheme, a token without spaces).
    private static string? BearerToken(Microsoft.Extensions.Primitives.StringValues header)
    {
        if (header.Count != 1 || header[0] is not { } value)
        {
            return null;
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var (scheme, credentials) = space < 0 ? (value, string.Empty) : (value[..space], value[(space + 1)..].Trim());
        string? token = null;
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            token = credentials;
        }
        else if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && credentials.Length <= 1024)
        {
            Span<byte> decoded = stackalloc byte[credentials.Length];
            if (Convert.TryFromBase64String(credentials, decoded, out var length)
                && System.Text.Encoding.UTF8.GetString(decoded[..length]) is var pair && pair.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0)
            {
                token = pair[(colon + 1)..];
            }
        }

        return token is { Length: > 0 and <= 512 } && !token.Any(c => c <= ' ' || c > '~') ? token : null;
    }
}
