using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace HubPlatform.Hub;

/// <summary>
/// A revision: a branch, a tag, a full or short commit id, <c>refs/pr/N</c>, <c>refs/convert/NAME</c> or <c>HEAD</c>.
/// Names follow git's reference rules (no spaces, control characters, <c>..</c>, <c>~^:?*[\</c>, <c>@{</c>, no leading or trailing <c>/</c>).
/// </summary>
public sealed record Revision
{
    /// <summary>The default branch of a new repository.</summary>
    public static readonly Revision Main = new("main");

    /// <summary>The symbolic name the JS client sends for "the default branch".</summary>
    public static readonly Revision Head = new("HEAD");

    private const int MaxLength = 255;

    private Revision(string value) => Value = value;

    /// <summary>The revision as the user wrote it.</summary>
    public string Value { get; }

    /// <summary>The revision escaped as one URL path segment (<c>refs/pr/1</c> becomes <c>refs%2Fpr%2F1</c>), as the Hub expects.</summary>
    public string Escaped => Uri.EscapeDataString(Value);

    /// <summary>Whether this is a full 40-hex commit id, which names an immutable snapshot.</summary>
    public bool IsCommitId => IsFullCommitId(Value);

    /// <summary>Whether this names a pull request, <c>refs/pr/N</c>.</summary>
    public bool IsPullRequest => PullRequestNumber is not null;

    /// <summary>The pull request number of <c>refs/pr/N</c>, else <see langword="null"/>.</summary>
    public int? PullRequestNumber =>
        Value.StartsWith("refs/pr/", StringComparison.Ordinal)
        && int.TryParse(Value.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>Parses and validates a revision.</summary>
    /// <exception cref="ArgumentException">The text is not a valid revision; the message says why.</exception>
    public static Revision Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var error = Validate(value);
        return error is null ? new Revision(value) : throw new ArgumentException($"'{value}' is not a revision: {error}", nameof(value));
    }

    /// <summary>Parses a revision, returning <see langword="false"/> instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out Revision? revision)
    {
        revision = value is not null && Validate(value) is null ? new Revision(value) : null;
        return revision is not null;
    }

    /// <summary>Whether the text is a full commit id: exactly 40 lowercase or uppercase hex digits.</summary>
    public static bool IsFullCommitId(string value) => value.Length == 40 && value.All(char.IsAsciiHexDigit);

    /// <inheritdoc />
    public override string ToString() => Value;

    private static string? Validate(string value)
    {
        if (value.Length == 0)
        {
            return "it is empty.";
        }

        if (value.Length > MaxLength)
        {
            return $"it is longer than {MaxLength} characters.";
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\')
            {
                return $"it contains a forbidden character (U+{(int)c:X4}).";
            }
        }

        if (value.StartsWith('/') || value.EndsWith('/') || value.Contains("//", StringComparison.Ordinal))
        {
            return "it cannot start or end with '/' or contain '//'.";
        }

        if (value.Contains("..", StringComparison.Ordinal) || value.Contains("@{", StringComparison.Ordinal))
        {
            return "it cannot contain '..' or '@{'.";
        }

        if (value.EndsWith('.') || value.EndsWith(".lock", StringComparison.Ordinal) || value.Split('/').Any(s => s.StartsWith('.')))
        {
            return "no part of it may start with '.', and it cannot end with '.' or '.lock'.";
        }

        return null;
    }
}
