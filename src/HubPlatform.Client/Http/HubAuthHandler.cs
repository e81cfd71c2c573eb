using System.Net.Http.Headers;

namespace HubPlatform.Client.Http;

/// <summary>
/// Adds the bearer token and the user agent. The token goes only to the configured endpoint's origin, so a redirect to a CDN
/// or any other host never carries it (Python <c>huggingface_hub</c> does the same).
/// </summary>
internal sealed class HubAuthHandler(HubClientOptions options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.UserAgent.Count == 0)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
        }

        if (options.Token is { Length: > 0 } token && request.Headers.Authorization is null && (IsSameOrigin(request.RequestUri, options.Endpoint) || IsSameOrigin(request.RequestUri, options.ResolvedDatasetViewerEndpoint)))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return base.SendAsync(request, cancellationToken);
    }

    internal static bool IsSameOrigin(Uri? a, Uri b) =>
        a is not null && a.IsAbsoluteUri
        && string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}
