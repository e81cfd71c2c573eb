using System.Globalization;

namespace HubPlatform.Mirror.Pages;

/// <summary>What the listing's form asks: search, filters, order and page, read from the query string.</summary>
public sealed record ListingQuery(string? Search, string? Task, string? Library, string? License, string? Language, string? Tag, bool? Verified, string Sort, int Page)
{
    /// <summary>Reads the query string; unknown values fall back to the defaults rather than fail.</summary>
    public static ListingQuery From(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        string? Text(string key) => query[key].FirstOrDefault() is { Length: > 0 and <= 200 } v ? v.Trim() : null;
        var sort = Text("sort") is "likes" or "lastModified" or "createdAt" ? Text("sort")! : "downloads";
        var page = int.TryParse(Text("p"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? Math.Clamp(p, 0, 100_000) : 0;
        bool? verified = Text("verified") switch { "yes" => true, "no" => false, _ => null };
        return new ListingQuery(Text("search"), Text("pipeline_tag"), Text("library"), Text("license"), Text("language"), Text("tag"), verified, sort, page);
    }

    /// <summary>The query string of this query at another page.</summary>
    public string ToQueryString(int page)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{key}={Uri.EscapeDataString(value)}");
            }
        }

        Add("search", Search);
        Add("pipeline_tag", Task);
        Add("library", Library);
        Add("license", License);
        Add("language", Language);
        Add("tag", Tag);
        Add("verified", Verified switch { true => "yes", false => "no", null => null });
        Add("sort", Sort == "downloads" ? null : Sort);
        Add("p", page == 0 ? null : page.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }
}
