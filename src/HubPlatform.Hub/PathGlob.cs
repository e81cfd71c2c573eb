using System.Text;
using System.Text.RegularExpressions;

namespace HubPlatform.Hub;

/// <summary>
/// Glob patterns over repository paths, in the two dialects the Hub's tools use: <see cref="Fnmatch"/> for the allow and
/// ignore patterns of downloads and uploads (<c>huggingface_hub</c> matches them with Python's <c>fnmatch</c>), and
/// <see cref="Git"/> for <c>.gitattributes</c> and <c>.gitignore</c> rules. FileSystemGlobbing knows neither <c>?</c> nor
/// <c>[...]</c>, so each pattern is translated to a regular expression, run by the non-backtracking engine: a pattern
/// someone committed cannot make matching slow.
/// </summary>
public sealed class PathGlob
{
    private readonly Regex _regex;

    private PathGlob(string expression) =>
        _regex = new Regex(@"\A(?:" + expression + @")\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | RegexOptions.Singleline);

    /// <summary>
    /// A pattern as <c>fnmatch</c> reads it: <c>*</c> is any text (slashes included, so <c>*.json</c> matches
    /// <c>sub/a.json</c>), <c>?</c> one character, <c>[abc]</c>, <c>[a-z]</c> and <c>[!abc]</c> one of (or none of) a set; a
    /// bracket is how a special character is matched literally (<c>[*]</c>). As <c>huggingface_hub</c> does, a pattern
    /// ending in <c>/</c> means everything below that folder.
    /// </summary>
    public static PathGlob Fnmatch(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return new PathGlob(FnmatchExpression(pattern.EndsWith('/') ? pattern + "*" : pattern));
    }

    /// <summary>
    /// A <c>.gitignore</c> or <c>.gitattributes</c> pattern, by git's rules: <c>*</c> and <c>?</c> stop at <c>/</c>;
    /// <c>**/</c>, <c>/**/</c> and <c>/**</c> span folders; <c>\</c> escapes; a pattern with a <c>/</c> (other than a trailing
    /// one, which the caller strips) is anchored at the file's folder, one without matches a name at any depth.
    /// </summary>
    public static PathGlob Git(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return new PathGlob(GitExpression(pattern));
    }

    /// <summary>One matcher for several git patterns: a path matches when any of them does.</summary>
    public static PathGlob? GitAny(IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var expressions = patterns.Select(GitExpression).ToList();
        return expressions.Count == 0 ? null : new PathGlob(string.Join('|', expressions.Select(e => "(?:" + e + ")")));
    }

    /// <summary>Whether a repository path (with <c>/</c> separators) matches.</summary>
    public bool IsMatch(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _regex.IsMatch(path);
    }

    private static string FnmatchExpression(string pattern)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '*':
                    regex.Append(".*");
                    break;
                case '?':
                    regex.Append('.');
                    break;
                case '[' when Bracket(pattern, i, stopAtSlash: false, escapes: false) is { } bracket:
                    regex.Append(bracket.Expression);
                    i = bracket.End;
                    break;
                default:
                    regex.Append(Regex.Escape(pattern[i].ToString()));
                    break;
            }
        }

        return regex.ToString();
    }

    private static string GitExpression(string pattern)
    {
        var anchored = pattern.Contains('/', StringComparison.Ordinal);
        var body = pattern.TrimStart('/');
        var regex = new StringBuilder(anchored ? string.Empty : "(?:.*/)?");
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '*' && i + 1 < body.Length && body[i + 1] == '*' && (i == 0 || body[i - 1] == '/') && (i + 2 == body.Length || body[i + 2] == '/'))
            {
                // "**" as a whole segment: "**/" any folders (or none), "/**" at the end everything below.
                if (i + 2 == body.Length)
                {
                    regex.Append(".*");
                    i += 1;
                }
                else
                {
                    regex.Append("(?:.*/)?");
                    i += 2;
                }

                continue;
            }

            switch (c)
            {
                case '*':
                    regex.Append("[^/]*");
                    while (i + 1 < body.Length && body[i + 1] == '*')
                    {
                        i++;
                    }

                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '\\' when i + 1 < body.Length:
                    regex.Append(Regex.Escape(body[++i].ToString()));
                    break;
                case '[' when Bracket(body, i, stopAtSlash: true, escapes: true) is { } bracket:
                    regex.Append(bracket.Expression);
                    i = bracket.End;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return regex.ToString();
    }

    // A bracket expression starting at pattern[start] ('['): its regular expression and the index of its closing ']', or null
    // when it is not closed (the '[' is then a literal). '!' (and, for git, '^') first negates; a ']' first is a member.
    private static (string Expression, int End)? Bracket(string pattern, int start, bool stopAtSlash, bool escapes)
    {
        var i = start + 1;
        var negated = i < pattern.Length && (pattern[i] == '!' || (escapes && pattern[i] == '^'));
        if (negated)
        {
            i++;
        }

        var members = new List<(char From, char To)>();
        var first = true;
        for (; i < pattern.Length && (pattern[i] != ']' || first); i++)
        {
            first = false;
            var from = pattern[i];
            if (escapes && from == '\\' && i + 1 < pattern.Length)
            {
                from = pattern[++i];
            }

            var to = from;
            if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                i += 2;
                to = pattern[i];
                if (escapes && to == '\\' && i + 1 < pattern.Length)
                {
                    to = pattern[++i];
                }
            }

            // A reversed range matches nothing, as in Python and git.
            if (from <= to)
            {
                members.Add((from, to));
            }
        }

        if (i >= pattern.Length)
        {
            return null;
        }

        var set = new StringBuilder();
        foreach (var (from, to) in members)
        {
            set.Append(ClassChar(from));
            if (to != from)
            {
                set.Append('-').Append(ClassChar(to));
            }
        }

        if (stopAtSlash && negated)
        {
            set.Append('/');
        }

        // Git's brackets never match '/': subtracted from the set (the non-backtracking engine has no lookarounds).
        var expression = members.Count == 0
            ? (negated ? (stopAtSlash ? "[^/]" : ".") : @"[^\s\S]")
            : (negated ? "[^" : "[") + set + (stopAtSlash && !negated ? "-[/]" : string.Empty) + "]";
        return (expression, i);
    }

    private static string ClassChar(char c) => c is '\\' or ']' or '[' or '^' or '-' ? "\\" + c : c.ToString();
}
