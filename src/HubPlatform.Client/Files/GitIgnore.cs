using HubPlatform.Hub;

namespace HubPlatform.Client.Files;

/// <summary>
/// The rules of a <c>.gitignore</c> file over repository paths, each rule a git glob (<see cref="PathGlob.Git"/>): a pattern without
/// a <c>/</c> (other than a trailing one) matches at any depth, a leading <c>/</c> anchors it at the root, a trailing
/// <c>/</c> matches folders only, <c>!</c> re-includes, and the last rule that matches decides. As in git, a file inside an
/// ignored folder stays ignored whatever a later <c>!</c> rule says of the file. Comments, blank lines and escaped leading
/// <c>#</c>/<c>!</c> follow git.
/// </summary>
public sealed class GitIgnore
{
    private readonly List<(PathGlob Matcher, bool Negated, bool FoldersOnly)> _rules = [];

    /// <summary>Reads the rules of a <c>.gitignore</c> text (null or empty: nothing is ignored).</summary>
    public GitIgnore(string? text)
    {
        foreach (var raw in (text ?? string.Empty).Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            // Trailing spaces are dropped unless escaped.
            line = line.EndsWith("\\ ", StringComparison.Ordinal) ? line : line.TrimEnd(' ');
            var negated = line.StartsWith('!');
            if (negated || line.StartsWith("\\!", StringComparison.Ordinal) || line.StartsWith("\\#", StringComparison.Ordinal))
            {
                line = line[1..];
            }

            var folder = line.EndsWith('/');
            var pattern = line.TrimEnd('/');
            if (pattern.Length == 0)
            {
                continue;
            }

            _rules.Add((PathGlob.Git(pattern), negated, folder));
        }
    }

    /// <summary>Whether there are any rules.</summary>
    public bool IsEmpty => _rules.Count == 0;

    /// <summary>Whether a repository path (with <c>/</c> separators) is ignored.</summary>
    public bool IsIgnored(string path) => IsIgnored(path, Decide);

    /// <summary>Git's order: a path is ignored when any folder above it is, else as its own rules decide.</summary>
    internal static bool IsIgnored(string path, Func<string, bool, bool> decide)
    {
        ArgumentNullException.ThrowIfNull(path);
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            if (decide(path[..slash], true))
            {
                return true;
            }
        }

        return decide(path, false);
    }

    /// <summary>What the last rule matching a path (relative to this file's folder) says: ignored, re-included, or nothing.</summary>
    internal bool? Verdict(string path, bool isFolder)
    {
        bool? verdict = null;
        foreach (var (matcher, negated, foldersOnly) in _rules)
        {
            if ((isFolder || !foldersOnly) && matcher.IsMatch(path))
            {
                verdict = !negated;
            }
        }

        return verdict;
    }

    // The last rule matching the path decides; folder-only rules apply to folders.
    private bool Decide(string path, bool isFolder)
    {
        var ignored = false;
        foreach (var (matcher, negated, foldersOnly) in _rules)
        {
            if (ignored == negated && (isFolder || !foldersOnly) && matcher.IsMatch(path))
            {
                ignored = !negated;
            }
        }

        return ignored;
    }
}
