using Microsoft.Extensions.FileSystemGlobbing;

namespace HubPlatform.Cli;

/// <summary>Expands the card arguments: files, folders (every <c>*.md</c> below them) and globs.</summary>
internal static class CardPaths
{
    public static List<string> Expand(IEnumerable<string> arguments)
    {
        var files = new List<string>();
        foreach (var argument in arguments)
        {
            if (File.Exists(argument))
            {
                files.Add(argument);
            }
            else if (Directory.Exists(argument))
            {
                files.AddRange(Directory.EnumerateFiles(argument, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else if (argument.IndexOfAny(['*', '?', '[']) >= 0)
            {
                var (root, pattern) = SplitGlob(argument);
                var matcher = new Matcher(StringComparison.Ordinal);
                matcher.AddInclude(pattern);
                var matches = matcher.GetResultsInFullPath(root).Order(StringComparer.Ordinal).ToList();
                if (matches.Count == 0)
                {
                    throw new UsageException($"no file matches '{argument}'.");
                }

                files.AddRange(matches.Select(m => Path.GetRelativePath(Directory.GetCurrentDirectory(), m)));
            }
            else
            {
                throw new UsageException($"'{argument}' is not a file, a folder or a glob that matches anything.");
            }
        }

        return files;
    }

    // "cards/**/*.md" -> ("cards", "**/*.md"): the part before the first wildcard segment is the root.
    private static (string Root, string Pattern) SplitGlob(string glob)
    {
        var parts = glob.Replace('\\', '/').Split('/');
        var firstWild = Array.FindIndex(parts, p => p.IndexOfAny(['*', '?', '[']) >= 0);
        var root = firstWild == 0 ? "." : string.Join('/', parts[..firstWild]);
        if (root.Length == 0)
        {
            root = "/";
        }

        return (root, string.Join('/', parts[firstWild..]));
    }
}
