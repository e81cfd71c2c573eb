using System.Net.Http.Headers;

namespace HubPlatform.Client.Http;

/// <summary>Reads the <c>rel="next"</c> target of an RFC 8288 <c>Link</c> header, the Hub's only paging signal.</summary>
internal static class LinkHeader
{
    public static Uri? Next(HttpResponseHeaders headers, Uri? requestUri) =>
        headers.TryGetValues("Link", out var values) ? Next(values, requestUri) : null;

    public static Uri? Next(IEnumerable<string> values, Uri? requestUri)
    {
        foreach (var value in values)
        {
            foreach (var link in SplitLinks(value))
            {
                var close = link.IndexOf('>', StringComparison.Ordinal);
                var open = link.IndexOf('<', StringComparison.Ordinal);
                if (open < 0 || close < open)
                {
                    continue;
                }

                var parameters = link[(close + 1)..].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var isNext = parameters.Any(p =>
                {
                    var eq = p.IndexOf('=', StringComparison.Ordinal);
                    return eq > 0
                           && p[..eq].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase)
                           && p[(eq + 1)..].Trim().Trim('"').Split(' ').Contains("next", StringComparer.OrdinalIgnoreCase);
                });
                if (!isNext)
                {
                    continue;
                }

                var target = link[(open + 1)..close].Trim();
                if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal))
                {
                    return absolute;
                }

                if (requestUri is not null && Uri.TryCreate(requestUri, target, out var relative))
                {
                    return relative;
                }
            }
        }

        return null;
    }

    // Commas separate links, but may also sit inside the <...> target.
    private static IEnumerable<string> SplitLinks(string value)
    {
        var start = 0;
        var inTarget = false;
        for (var i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '<':
                    inTarget = true;
                    break;
                case '>':
                    inTarget = false;
                    break;
                case ',' when !inTarget:
                    yield return value[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return value[start..];
    }
}
