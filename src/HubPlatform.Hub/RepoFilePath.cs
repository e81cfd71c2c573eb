using System.Diagnostics.CodeAnalysis;

namespace HubPlatform.Hub;

/// <summary>
/// Rules for a file path inside a repository: relative, <c>/</c>-separated, and unable to leave the repository or a folder
/// it is written under. Used on every path that comes from the network before it touches a disk.
/// </summary>
public static class RepoFilePath
{
    /// <summary>The longest path accepted.</summary>
    public const int MaxLength = 4096;

    /// <summary>Returns the reason the path is unacceptable, or <see langword="null"/> when it is fine.</summary>
    public static string? Problem(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "the path is empty.";
        }

        if (path.Length > MaxLength)
        {
            return $"the path is longer than {MaxLength} characters.";
        }

        if (path.StartsWith('/') || path.EndsWith('/'))
        {
            return "the path cannot start or end with '/'.";
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return "the path cannot contain a backslash.";
        }

        if (path.Any(char.IsControl))
        {
            return "the path cannot contain NUL or other control characters.";
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0)
            {
                return "the path cannot contain '//'.";
            }

            if (segment is "." or "..")
            {
                return "the path cannot contain '.' or '..' segments.";
            }
        }

        if (path.Equals(".git", StringComparison.OrdinalIgnoreCase) || path.StartsWith(".git/", StringComparison.OrdinalIgnoreCase))
        {
            return "the path cannot be inside '.git'.";
        }

        return null;
    }

    /// <summary>Whether the path is acceptable.</summary>
    public static bool IsValid([NotNullWhen(true)] string? path) => Problem(path) is null;

    /// <summary>Throws an <see cref="ArgumentException"/> that says what is wrong, unless the path is acceptable.</summary>
    public static string Validate(string? path) =>
        Problem(path) is { } problem ? throw new ArgumentException($"'{path}' is not a valid path in a repository: {problem}", nameof(path)) : path!;

    /// <summary>The path with each segment escaped for a URL, keeping the <c>/</c> between them.</summary>
    public static string EscapeSegments(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
    }

    /// <summary>
    /// Joins a validated repository path under a local folder, and proves that the result stays inside it.
    /// </summary>
    /// <exception cref="ArgumentException">The path is invalid or would leave the folder.</exception>
    public static string UnderFolder(string folder, string path)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Validate(path);
        var root = Path.GetFullPath(folder);
        var full = Path.GetFullPath(Path.Combine(root, path.Replace('/', Path.DirectorySeparatorChar)));
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return full.StartsWith(prefix, StringComparison.Ordinal)
            ? full
            : throw new ArgumentException($"'{path}' would leave the folder '{folder}'.", nameof(path));
    }
}
