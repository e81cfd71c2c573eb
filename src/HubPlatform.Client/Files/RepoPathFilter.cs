using HubPlatform.Hub;

namespace HubPlatform.Client.Files;

/// <summary>
/// Allow and ignore patterns over repository paths, read as <c>huggingface_hub</c> reads its <c>allow_patterns</c> and
/// <c>ignore_patterns</c>: with <c>fnmatch</c> (<see cref="PathGlob.Fnmatch"/>), so <c>*.json</c> also matches
/// <c>sub/a.json</c>, <c>model-0000?-of-00002.safetensors</c> and <c>[abc]</c> work, and <c>dir/</c> means everything below
/// <c>dir</c>.
/// </summary>
public sealed class RepoPathFilter
{
    private readonly List<PathGlob> _allow;
    private readonly List<PathGlob> _ignore;

    /// <summary>Creates a filter; empty lists allow everything and ignore nothing.</summary>
    public RepoPathFilter(IEnumerable<string>? allow, IEnumerable<string>? ignore)
    {
        _allow = Build(allow);
        _ignore = Build(ignore);
    }

    /// <summary>Whether a repository path passes the filter.</summary>
    public bool Includes(string path) =>
        (_allow.Count == 0 || _allow.Any(g => g.IsMatch(path))) && !_ignore.Any(g => g.IsMatch(path));

    private static List<PathGlob> Build(IEnumerable<string>? patterns) =>
        [.. (patterns ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => PathGlob.Fnmatch(p.Trim()))];
}
