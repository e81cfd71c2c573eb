using HubPlatform.Storage;
using Microsoft.AspNetCore.Http.Features;

namespace HubPlatform.Mirror;

/// <summary>
/// Authenticates the bearer token (an invalid one is a 401 on any route) and turns refusals into the Hub's error shape;
/// anything unexpected is logged and answered 500 without details.
/// </summary>
internal sealed class HubMiddleware(RequestDelegate next, ILogger<HubMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context, TokenService tokens)
    {
        context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;
        try
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                var caller = await tokens.AuthenticateAsync(authorization[7..].Trim(), context.RequestAborted)
                             ?? throw new HubProblemException(401, "Invalid credentials in Authorization header");
                context.SetCaller(caller);
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
}
