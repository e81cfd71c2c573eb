using System.Diagnostics.CodeAnalysis;

namespace HubPlatform.Hub;

/// <summary>
/// A repository id as the Hub accepts it: an optional namespace and a name, <c>namespace/name</c> or a legacy single segment.
/// Each part is 1 to 96 characters of <c>[A-Za-z0-9_.-]</c>, starts and ends with a letter, digit or underscore,
/// holds no <c>--</c> or <c>..</c>, and the name does not end in <c>.git</c>.
/// </summary>
public sealed record RepoId
{
    /// <summary>The longest part the Hub accepts.</summary>
    public const int MaxPartLength = 96;

    private RepoId(string? @namespace, string name)
    {
        Namespace = @namespace;
        Name = name;
    }

    /// <summary>The user or organisation, or <see langword="null"/> for legacy ids such as <c>gpt2</c>.</summary>
    public string? Namespace { get; }

    /// <summary>The repository name.</summary>
    public string Name { get; }

    /// <summary>Parses and validates a repository id.</summary>
    /// <exception cref="ArgumentException">The id breaks one of the Hub's rules; the message says which.</exception>
    public static RepoId Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var error = Validate(value, out var id);
        return error is null ? id! : throw new ArgumentException(error, nameof(value));
    }

    /// <summary>Parses a repository id, returning <see langword="false"/> instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out RepoId? id)
    {
        id = null;
        return value is not null && Validate(value, out id) is null;
    }

    /// <summary>Builds an id from its two parts, validating both.</summary>
    public static RepoId Create(string? @namespace, string name) =>
        Parse(string.IsNullOrEmpty(@namespace) ? name : @namespace + "/" + name);

    /// <summary>The id as the Hub writes it, <c>namespace/name</c>.</summary>
    public override string ToString() => Namespace is null ? Name : Namespace + "/" + Name;

    private static string? Validate(string value, out RepoId? id)
    {
        id = null;
        if (value.Length == 0)
        {
            return "A repository id cannot be empty.";
        }

        var parts = value.Split('/');
        if (parts.Length > 2)
        {
            return $"'{value}' is not a repository id: use 'namespace/name' (at most one '/').";
        }

        var name = parts[^1];
        var ns = parts.Length == 2 ? parts[0] : null;
        var problem = (ns is null ? null : ValidatePart(ns, "namespace")) ?? ValidatePart(name, "name");
        if (problem is not null)
        {
            return $"'{value}' is not a repository id: {problem}";
        }

        if (name.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            return $"'{value}' is not a repository id: the name cannot end in '.git'.";
        }

        id = new RepoId(ns, name);
        return null;
    }

    private static string? ValidatePart(string part, string what)
    {
        if (part.Length == 0)
        {
            return $"the {what} is empty.";
        }

        if (part.Length > MaxPartLength)
        {
            return $"the {what} is longer than {MaxPartLength} characters.";
        }

        foreach (var c in part)
        {
            if (!IsAllowed(c))
            {
                return $"the {what} contains '{c}'; only letters, digits, '-', '_' and '.' are allowed.";
            }
        }

        if (!IsWordChar(part[0]) || !IsWordChar(part[^1]))
        {
            return $"the {what} must start and end with a letter, a digit or '_'.";
        }

        if (part.Contains("--", StringComparison.Ordinal) || part.Contains("..", StringComparison.Ordinal))
        {
            return $"the {what} cannot contain '--' or '..'.";
        }

        return null;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsAllowed(char c) => IsWordChar(c) || c is '-' or '.';
}
