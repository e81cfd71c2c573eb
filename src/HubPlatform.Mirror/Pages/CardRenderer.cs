using Ganss.Xss;
using Markdig;

namespace HubPlatform.Mirror.Pages;

/// <summary>
/// A card's Markdown body as HTML a page can show: GitHub-flavoured (pipe tables, task lists, autolinks), then cleaned of
/// everything that could run (scripts, event attributes, <c>javascript:</c> URLs, SVG, forms, frames), with relative links
/// and images pointed at the repository's files at the revision shown.
/// </summary>
public sealed class CardRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables().UseTaskLists().UseAutoLinks().UseEmphasisExtras().UseAutoIdentifiers().Build();

    /// <summary>Renders a body for a repository's page.</summary>
    /// <param name="markdown">The card's body (front matter removed).</param>
    /// <param name="repoPath">The repository's page path, <c>/acme/model</c> or <c>/datasets/acme/data</c>.</param>
    /// <param name="revision">The revision relative links resolve at.</param>
    public string Render(string markdown, string repoPath, string revision)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var html = Markdown.ToHtml(markdown, Pipeline);

        // A sanitizer per call: its events close over the repository, and it is cheap next to the parse.
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto" })
        {
            sanitizer.AllowedSchemes.Add(scheme);
        }

        sanitizer.AllowedAttributes.Add("id");
        sanitizer.AllowDataAttributes = false;
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedTags.Remove("input");
        sanitizer.AllowedTags.Remove("button");
        sanitizer.AllowedTags.Remove("textarea");
        sanitizer.AllowedTags.Remove("select");
        sanitizer.AllowedTags.Remove("style");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.FilterUrl += (_, e) => e.SanitizedUrl = Resolve(e.OriginalUrl, e.SanitizedUrl, repoPath, revision, e.Tag?.TagName);
        sanitizer.PostProcessNode += (_, e) =>
        {
            // An image its author gave no text is taken as decoration (badges, banners): readers skip it rather than spell
            // out its file name.
            if (e.Node is AngleSharp.Dom.IElement { TagName: "IMG" } image && !image.HasAttribute("alt"))
            {
                image.SetAttribute("alt", string.Empty);
            }

            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link && link.GetAttribute("href") is { } href && href.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            {
                // Links out of the mirror never pass the page's address or a handle on it to the other site.
                link.SetAttribute("rel", "noopener noreferrer nofollow");
            }
        };
        return sanitizer.Sanitize(html);
    }

    // Relative URLs name files of the repository: images are fetched raw, links open the file's page. Absolute and anchor
    // URLs are left as the sanitizer judged them (null when their scheme is not allowed).
    private static string? Resolve(string original, string? sanitized, string repoPath, string revision, string? tag)
    {
        if (sanitized is null || original.StartsWith('#') || original.StartsWith('/') || Uri.TryCreate(original, UriKind.Absolute, out _))
        {
            return sanitized;
        }

        var path = original.StartsWith("./", StringComparison.Ordinal) ? original[2..] : original;
        if (path.Length == 0 || original.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        var escapedRevision = Uri.EscapeDataString(revision);
        return string.Equals(tag, "IMG", StringComparison.OrdinalIgnoreCase)
            ? $"{repoPath}/resolve/{escapedRevision}/{path}"
            : $"{repoPath}/blob/{escapedRevision}/{path}";
    }
}
