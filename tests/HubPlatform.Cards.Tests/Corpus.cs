namespace HubPlatform.Cards.Tests;

/// <summary>
/// Finds the real-world fixtures (HUBPLATFORM_CORPUS, else ../shared/fixtures above the repository) and says clearly when they are absent.
/// </summary>
internal static class Corpus
{
    public static string? Folder { get; } = Find();

    public static string Describe() => Folder is null
        ? "The fixtures corpus was not found: set HUBPLATFORM_CORPUS or place it at ../shared/fixtures next to the repository."
        : $"corpus at {Folder}";

    /// <summary>Rows of MANIFEST.tsv: file, kind, origin, licence, notes.</summary>
    public static IEnumerable<string[]> Manifest() =>
        Folder is null ? [] : File.ReadLines(Path.Combine(Folder, "MANIFEST.tsv")).Skip(1).Select(l => l.Split('\t')).Where(r => r.Length >= 2);

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("HUBPLATFORM_CORPUS") is { Length: > 0 } configured)
        {
            return Directory.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures");
            if (File.Exists(Path.Combine(candidate, "MANIFEST.tsv")))
            {
                return candidate;
            }
        }

        return null;
    }
}
