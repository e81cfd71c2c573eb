namespace HubPlatform.Client.Files;

/// <summary>
/// Every <c>.gitignore</c> of a folder tree, as git reads them: each applies to the paths below its own folder, a deeper
/// file's rules override a shallower one's, and nothing inside an ignored folder can be re-included.
/// </summary>
public sealed class GitIgnoreTree
{
    // (folder relative to the root, "" for the root; its rules), shallowest first.
    private readonly List<KeyValuePair<string, GitIgnore>> _levels;

    private GitIgnoreTree(Dictionary<string, GitIgnore> levels) => _levels = levels.OrderBy(l => l.Key.Length).ThenBy(l => l.Key, StringComparer.Ordinal).ToList();

    /// <summary>Reads the <c>.gitignore</c> files under a folder (none under <c>.git/</c>).</summary>
    public static async Task<GitIgnoreTree> LoadAsync(string root, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var levels = new Dictionary<string, GitIgnore>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, ".gitignore", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            var folder = Path.GetRelativePath(root, Path.GetDirectoryName(file)!).Replace('\\', '/');
            folder = folder == "." ? string.Empty : folder;
            if (folder == ".git" || folder.StartsWith(".git/", StringComparison.Ordinal))
            {
                continue;
            }

            levels[folder] = new GitIgnore(await File.ReadAllTextAsync(file, cancellationToken));
        }

        return new GitIgnoreTree(levels);
    }

    /// <summary>Whether a path relative to the root (with <c>/</c> separators) is ignored.</summary>
    public bool IsIgnored(string path) => GitIgnore.IsIgnored(path, Decide);

    // Shallow rules first, deeper ones after, so the last that speaks (the deepest) decides.
    private bool Decide(string path, bool isFolder)
    {
        var ignored = false;
        foreach (var (folder, rules) in _levels)
        {
            var inside = folder.Length == 0 || path.StartsWith(folder + "/", StringComparison.Ordinal);
            if (inside && rules.Verdict(folder.Length == 0 ? path : path[(folder.Length + 1)..], isFolder) is { } verdict)
            {
                ignored = verdict;
            }
        }

        return ignored;
    }
}
