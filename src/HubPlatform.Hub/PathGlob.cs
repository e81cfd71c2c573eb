namespace HubPlatform.Hub;

/// <summary>
/// Glob patterns over repository paths, in the two dialects the Hub's tools use: <see cref="Fnmatch"/> for the allow and
/// ignore patterns of downloads and uploads (<c>huggingface_hub</c> matches them with Python's <c>fnmatch</c>), and
/// <see cref="Git"/> for <c>.gitattributes</c> and <c>.gitignore</c> rules. FileSystemGlobbing knows neither <c>?</c> nor
/// <c>[...]</c>, so patterns are compiled here into tokens and matched by dynamic programming over pattern and path: time
/// proportional to their lengths' product whatever the pattern (a pattern someone committed cannot make matching slow), and
/// no compilation cost worth caching (a commit reads its <c>.gitattributes</c> afresh).
/// </summary>
public sealed class PathGlob
{
    private readonly Token[] _tokens;

    // The literal text every match ends with (a quick rejection for most paths), and whether the pattern is that text alone.
    private readonly string _suffix;

    private PathGlob(List<Token> tokens)
    {
        _tokens = [.. tokens];
        var literal = new System.Text.StringBuilder();
        for (var i = _tokens.Length - 1; i >= 0 && _tokens[i].Kind == TokenKind.Literal; i--)
        {
            literal.Insert(0, _tokens[i].Char);
        }

        _suffix = literal.ToString();
    }

    private enum TokenKind
    {
        Literal,
        AnyChar,
        Class,
        Star,
        Folders,
    }

    /// <summary>
    /// A pattern as <c>fnmatch</c> reads it: <c>*</c> is any text (slashes included, so <c>*.json</c> matches
    /// <c>sub/a.json</c>), <c>?</c> one character, <c>[abc]</c>, <c>[a-z]</c> and <c>[!abc]</c> one of (or none of) a set; a
    /// bracket is how a special character is matched literally (<c>[*]</c>). As <c>huggingface_hub</c> does, a pattern
    /// ending in <c>/</c> means everything below that folder.
    /// </summary>
    public static PathGlob Fnmatch(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var text = pattern.EndsWith('/') ? pattern + "*" : pattern;
        var tokens = new List<Token>();
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '*':
                    tokens.Add(new Token(TokenKind.Star, CrossesSlash: true));
                    break;
                case '?':
                    tokens.Add(new Token(TokenKind.AnyChar, CrossesSlash: true));
                    break;
                case '[' when Bracket(text, i, git: false) is { } bracket:
                    tokens.Add(bracket.Token);
                    i = bracket.End;
                    break;
                default:
                    tokens.Add(Token.Of(text[i]));
                    break;
            }
        }

        return new PathGlob(tokens);
    }

    /// <summary>
    /// A <c>.gitignore</c> or <c>.gitattributes</c> pattern, by git's rules: <c>*</c>, <c>?</c> and brackets stop at
    /// <c>/</c>; <c>**/</c>, <c>/**/</c> and <c>/**</c> span folders; <c>\</c> escapes; a pattern with a <c>/</c> (other than
    /// a trailing one, which the caller strips) is anchored at the file's folder, one without matches a name at any depth.
    /// </summary>
    public static PathGlob Git(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var tokens = new List<Token>();
        if (!pattern.Contains('/', StringComparison.Ordinal))
        {
            tokens.Add(new Token(TokenKind.Folders));
        }

        var body = pattern.TrimStart('/');
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '*' && i + 1 < body.Length && body[i + 1] == '*' && (i == 0 || body[i - 1] == '/') && (i + 2 == body.Length || body[i + 2] == '/'))
            {
                // "**" as a whole segment: "**/" any folders (or none), a final "/**" everything below.
                tokens.Add(i + 2 == body.Length ? new Token(TokenKind.Star, CrossesSlash: true) : new Token(TokenKind.Folders));
                i += i + 2 == body.Length ? 1 : 2;
                continue;
            }

            switch (c)
            {
                case '*':
                    tokens.Add(new Token(TokenKind.Star));
                    while (i + 1 < body.Length && body[i + 1] == '*')
                    {
                        i++;
                    }

                    break;
                case '?':
                    tokens.Add(new Token(TokenKind.AnyChar));
                    break;
                case '\\' when i + 1 < body.Length:
                    tokens.Add(Token.Of(body[++i]));
                    break;
                case '[' when Bracket(body, i, git: true) is { } bracket:
                    tokens.Add(bracket.Token);
                    i = bracket.End;
                    break;
                default:
                    tokens.Add(Token.Of(c));
                    break;
            }
        }

        return new PathGlob(tokens);
    }

    /// <summary>Whether a repository path (with <c>/</c> separators) matches.</summary>
    public bool IsMatch(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.EndsWith(_suffix, StringComparison.Ordinal))
        {
            return false;
        }

        // next[t]: whether tokens from the one after this onwards match path[t..]; row[t] the same from this token.
        var n = path.Length;
        var next = new bool[n + 2];
        var row = new bool[n + 2];
        next[n] = true;
        for (var p = _tokens.Length - 1; p >= 0; p--)
        {
            var token = _tokens[p];
            row[n + 1] = false;
            var slashAhead = false;
            for (var t = n; t >= 0; t--)
            {
                var c = t < n ? path[t] : '\0';

                // Folders is empty text or any text ending in '/': slashAhead says a '/' at or after t leads to a match.
                slashAhead |= t < n && c == '/' && next[t + 1];
                row[t] = token.Kind switch
                {
                    TokenKind.Literal => t < n && c == token.Char && next[t + 1],
                    TokenKind.AnyChar or TokenKind.Class => t < n && token.Accepts(c) && next[t + 1],
                    TokenKind.Star => next[t] || (t < n && (token.CrossesSlash || c != '/') && row[t + 1]),
                    _ => next[t] || slashAhead,
                };
            }

            (next, row) = (row, next);
        }

        return next[0];
    }

    // A bracket expression starting at pattern[start] ('['): its token and the index of its closing ']', or null when it is
    // not closed (the '[' is then a literal). '!' (and, for git, '^') first negates; a ']' first is a member; git's brackets
    // take '\' escapes and never match '/'.
    private static (Token Token, int End)? Bracket(string pattern, int start, bool git)
    {
        var i = start + 1;
        var negated = i < pattern.Length && (pattern[i] == '!' || (git && pattern[i] == '^'));
        if (negated)
        {
            i++;
        }

        var ranges = new List<(char From, char To)>();
        for (var first = true; i < pattern.Length && (pattern[i] != ']' || first); i++, first = false)
        {
            var from = pattern[i];
            if (git && from == '\\' && i + 1 < pattern.Length)
            {
                from = pattern[++i];
            }

            var to = from;
            if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                i += 2;
                to = pattern[i];
                if (git && to == '\\' && i + 1 < pattern.Length)
                {
                    to = pattern[++i];
                }
            }

            // A reversed range matches nothing, as in Python and git.
            if (from <= to)
            {
                ranges.Add((from, to));
            }
        }

        return i >= pattern.Length ? null : (new Token(TokenKind.Class, CrossesSlash: !git, Ranges: [.. ranges], Negated: negated), i);
    }

    private readonly record struct Token(TokenKind Kind, bool CrossesSlash = false, char Char = '\0', (char From, char To)[]? Ranges = null, bool Negated = false)
    {
        public static Token Of(char c) => new(TokenKind.Literal, Char: c);

        public bool Accepts(char c)
        {
            if (c == '/' && !CrossesSlash)
            {
                return false;
            }

            if (Kind == TokenKind.AnyChar)
            {
                return true;
            }

            var member = false;
            foreach (var (from, to) in Ranges!)
            {
                member |= c >= from && c <= to;
            }

            return member != Negated;
        }
    }
}
