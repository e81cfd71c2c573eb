using Microsoft.Extensions.FileSystemGlobbing;

namespace HubPlatform.Client.Files;

/// <summary>
/// Allow and ignore globs over repository paths, on <see cref="Matcher"/>. To behave like <c>huggingface_hub</c>'s
/// <c>allow_patterns="*.json"</c>, which also matches <c>sub/a.json</c>, a pattern without <c>/</c> matches at any depth,
/// and <c>dir/</c> means everything below <c>dir</c>.
/// </summary>
public sealed class RepoPathFilter
{
    private readonly Matcher? _allow;
    private readonly Matcher? _ignore;

    /// <summary>Creates a filter; empty lists allow everything and ignore nothing.</summary>
    public RepoPathFilter(IEnumerable<string>? allow, IEnumerable<string>? ignore)
    {
        _allow = Build(allow);
        _ignore = Build(ignore);
    }

    /// <summary>Whether a repository path passes the filter.</summary>
    public bool Includes(string path) =>
        (_allow is null || _allow.Match(path).HasMatches) && (_ignore is null || !_ignore.Match(path).HasMatches);

    private static Matcher? Build(IEnumerable<string>? patterns)
    {
        var list = patterns?.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        if (list is null || list.Count == 0)
        {
            return null;
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        foreach (var raw in list)
        {
            var pattern = raw.Trim().TrimStart('/');
            if (pattern.EndsWith('/'))
            {
                pattern += "**";
            }

            matcher.AddInclude(pattern);
            if (!pattern.Contains('/', StringComparison.Ordinal))
            {
                matcher.AddInclude("**/" + pattern);
            }
        }

        return matcher;
    }
}
