using System.Net;

namespace HubPlatform.Client.Http;

/// <summary>
/// Follows redirects itself (the primary handler's automatic redirects are off) so that each hop goes through the
/// auth handler again, which drops the token for other hosts, and so that metadata requests can stop at a cross-origin hop.
/// </summary>
internal sealed class HubRedirectHandler : DelegatingHandler
{
    private const int MaxRedirects = 10;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var policy = request.Options.TryGetValue(HubRequestOptions.Redirects, out var p) ? p : RedirectPolicy.FollowAll;
        var current = request;
        for (var hop = 0; ; hop++)
        {
            var response = await base.SendAsync(current, cancellationToken);
            if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location || hop >= MaxRedirects)
            {
                return response;
            }

            var target = location.IsAbsoluteUri ? location : new Uri(current.RequestUri!, location);
            if (policy == RedirectPolicy.SameOriginOnly && !HubAuthHandler.IsSameOrigin(target, current.RequestUri!))
            {
                return response;
            }

            if (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)
            {
                return response;
            }

            response.Dispose();
            current = Follow(current, target, response.StatusCode);
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static HttpRequestMessage Follow(HttpRequestMessage previous, Uri target, HttpStatusCode status)
    {
        var method = status == HttpStatusCode.SeeOther && previous.Method != HttpMethod.Head ? HttpMethod.Get : previous.Method;
        var next = new HttpRequestMessage(method, target) { Version = previous.Version, VersionPolicy = previous.VersionPolicy };
        foreach (var header in previous.Headers)
        {
            // The auth handler decides afresh whether this hop may carry the token.
            if (!string.Equals(header.Key, "Authorization", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase))
            {
                next.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        foreach (var option in previous.Options)
        {
            ((IDictionary<string, object?>)next.Options)[option.Key] = option.Value;
        }

        return next;
    }
}
