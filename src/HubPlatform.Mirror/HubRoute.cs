using Microsoft.AspNetCore.Http.Features;

namespace HubPlatform.Mirror;

/// <summary>
/// The request path as the Hub protocol needs it: split on the raw target's slashes first, then each segment unescaped,
/// so that <c>refs%2Fpr%2F1</c> stays one segment while a literal <c>refs/pr/1</c> is three.
/// </summary>
internal static class HubRoute
{
    public static string[] Segments(HttpContext context)
    {
        // Hosts without a raw target (the test server) give the decoded path; re-escaping it keeps %2F apart from '/'.
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target ? target : context.Request.Path.ToUriComponent();
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            raw = raw[..query];
        }

        return raw.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
    }

    /// <summary>
    /// Splits what follows a route word into a revision and a path: one segment, or three when a literal
    /// <c>refs/pr/N</c> or <c>refs/convert/NAME</c> was sent unescaped.
    /// </summary>
    public static (string Revision, string Path) RevisionAndPath(ReadOnlySpan<string> rest)
    {
        if (rest.Length == 0)
        {
            return (string.Empty, string.Empty);
        }

        var take = rest.Length >= 3 && rest[0] == "refs" && rest[1] is "pr" or "convert" ? 3 : 1;
        take = Math.Min(take, rest.Length);
        return (string.Join('/', rest[..take].ToArray()), string.Join('/', rest[take..].ToArray()));
    }
}
