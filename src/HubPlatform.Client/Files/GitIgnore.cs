using Microsoft.Extensions.FileSystemGlobbing;

namespace HubPlatform.Client.Files;

/// <summary>
/// The rules of a <c>.gitignore</c> file over repository paths, each rule a <see cref="Matcher"/> glob: a pattern without
/// a <c>/</c> (other than a trailing one) matches at any depth, a leading <c>/</c> anchors it at the root, a trailing
/// <c>/</c> matches a folder and everything below it, <c>!</c> re-includes, and the last rule that matches decides.
/// Comments, blank lines and escaped leading <c>#</c>/<c>!</c> follow git.
/// </summary>
public sealed class GitIgnore
{
    private readonly List<(Matcher Matcher, bool Negated)> _rules = [];

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

            var anchored = pattern.Contains('/', StringComparison.Ordinal);
            pattern = pattern.TrimStart('/');
            var matcher = new Matcher(StringComparison.Ordinal);
            var prefix = anchored ? string.Empty : "**/";
            matcher.AddInclude(prefix + pattern + "/**");
            if (!folder)
            {
                matcher.AddInclude(prefix + pattern);
            }

            _rules.Add((matcher, negated));
        }
    }

    /// <summary>Whether there are any rules.</summary>
    public bool IsEmpty => _rules.Count == 0;

    /// <summary>Whether a repository path (with <c>/</c> separators) is ignored.</summary>
    public bool IsIgnored(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var ignored = false;
        foreach (var (matcher, negated) in _rules)
        {
            if (ignored == negated && matcher.Match(path).HasMatches)
            {
                ignored = !negated;
            }
        }

        return ignored;
    }
}
