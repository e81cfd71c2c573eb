using System.Text.RegularExpressions;
using HubPlatform.Cards;
using HubPlatform.Hub;

namespace HubPlatform.Datasets;

/// <summary>
/// Which files make which split of which configuration, as the Hub and the <c>datasets</c> library decide it: the card's
/// <c>configs</c> when it has them (globs relative to the repository root or the config's <c>data_dir</c>), otherwise the
/// default layout: sharded <c>data/{split}-00000-of-00001.*</c> names, then split keywords (<c>train</c>/<c>training</c>,
/// <c>validation</c>/<c>valid</c>/<c>dev</c>/<c>val</c>, <c>test</c>/<c>testing</c>/<c>eval</c>/<c>evaluation</c>) as folder
/// names, then in file names (set off by <c>-._ </c> or digits), and else every data file in <c>train</c>. Globs read as
/// fsspec reads them: <c>*</c> within a folder, <c>**</c> across folders.
/// </summary>
public static partial class DataFileResolver
{
    /// <summary>Data file formats the viewer reads (Parquet as is; the others once converted to Parquet).</summary>
    public static readonly IReadOnlyList<string> DataExtensions = [".parquet", ".csv", ".tsv", ".json", ".jsonl"];

    private const string Separators = "[-._ 0-9]";

    private static readonly (string Split, string[] Keywords)[] SplitKeywords =
    [
        ("train", ["train", "training"]),
        ("validation", ["validation", "valid", "dev", "val"]),
        ("test", ["test", "testing", "eval", "evaluation"]),
    ];

    // Files that sit beside data but are not data.
    private static readonly HashSet<string> NotData = new(StringComparer.OrdinalIgnoreCase)
    {
        "README.md", "config.json", "dataset_info.json", "dataset_infos.json", "dataset_dict.json", "dummy_data.zip",
    };

    /// <summary>The layout of a dataset from its card's data (null without a card) and the paths of its files at one revision.</summary>
    public static DatasetLayout Resolve(DatasetCardData? card, IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        List<DatasetConfig> configs = [.. card?.Configs ?? []];
        if (configs.Count == 0)
        {
            return new DatasetLayout([DefaultConfig("default", isDefault: true, DataFiles(paths, string.Empty))]);
        }

        // The one marked default, else the one named "default", else the first.
        var defaultIndex = configs.FindIndex(c => c.IsDefault);
        if (defaultIndex < 0)
        {
            defaultIndex = Math.Max(0, configs.FindIndex(c => (c.ConfigName ?? "default") == "default"));
        }

        var layouts = configs.Select((config, index) => FromCard(config, index == defaultIndex, paths)).ToList();
        return new DatasetLayout([layouts[defaultIndex], .. layouts.Where((_, i) => i != defaultIndex)]);
    }

    private static ConfigLayout FromCard(DatasetConfig config, bool isDefault, IReadOnlyList<string> paths)
    {
        var name = config.ConfigName ?? "default";
        var dataDir = (config.DataDir ?? string.Empty).Trim('/');
        var prefix = dataDir.Length == 0 ? string.Empty : dataDir + "/";
        if (config.DataFiles.Count == 0)
        {
            return DefaultConfig(name, isDefault, DataFiles(paths, prefix), dataDir);
        }

        var splits = new List<SplitLayout>();
        foreach (var group in config.DataFiles.GroupBy(e => e.Split, StringComparer.Ordinal))
        {
            var globs = group.SelectMany(e => e.Paths).Select(p => PathGlob.Git("/" + prefix + p.TrimStart('/'))).ToList();
            splits.Add(new SplitLayout(group.Key, [.. paths.Where(p => globs.Exists(g => g.IsMatch(p))).Order(StringComparer.Ordinal)]));
        }

        var empty = splits.Where(s => s.Files.Count == 0).Select(s => s.Name).ToList();
        return new ConfigLayout(name, isDefault, Ordered(splits), empty.Count == 0 ? null : $"No data file matches the data_files of split {string.Join(", ", empty)} in config '{name}'.");
    }

    // The default layout over some data files (those below a config's data_dir, or all).
    private static ConfigLayout DefaultConfig(string name, bool isDefault, IReadOnlyList<string> files, string? dataDir = null)
    {
        if (files.Count == 0)
        {
            var where = string.IsNullOrEmpty(dataDir) ? "the repository" : $"'{dataDir}'";
            return new ConfigLayout(name, isDefault, [], $"No data files ({string.Join(", ", DataExtensions)}) in {where}.");
        }

        var sharded = files.Select(f => (File: f, Match: ShardedName().Match(f))).Where(m => m.Match.Success).ToList();
        if (sharded.Count > 0)
        {
            return new ConfigLayout(name, isDefault, Ordered(sharded.GroupBy(m => m.Match.Groups["split"].Value, StringComparer.Ordinal)
                .Select(g => new SplitLayout(g.Key, [.. g.Select(m => m.File).Order(StringComparer.Ordinal)]))));
        }

        foreach (var patterns in new[] { FolderPatterns, FileNamePatterns })
        {
            var splits = SplitKeywords
                .Select(s => new SplitLayout(s.Split, [.. files.Where(f => s.Keywords.SelectMany(patterns).Any(g => g.IsMatch(f))).Order(StringComparer.Ordinal)]))
                .Where(s => s.Files.Count > 0)
                .ToList();
            if (splits.Count > 0)
            {
                return new ConfigLayout(name, isDefault, splits);
            }
        }

        return new ConfigLayout(name, isDefault, [new SplitLayout("train", [.. files.Order(StringComparer.Ordinal)])]);
    }

    private static IEnumerable<PathGlob> FolderPatterns(string keyword) =>
    [
        PathGlob.Git($"**/{keyword}/**"), PathGlob.Git($"**/{keyword}{Separators}*/**"),
        PathGlob.Git($"**/*{Separators}{keyword}/**"), PathGlob.Git($"**/*{Separators}{keyword}{Separators}*/**"),
    ];

    private static IEnumerable<PathGlob> FileNamePatterns(string keyword) =>
        [PathGlob.Git($"**/{keyword}{Separators}*"), PathGlob.Git($"**/*{Separators}{keyword}{Separators}*")];

    // The data files below a folder: not hidden, not private ("__"), not the card or metadata, and of the most common data
    // format among them (the datasets library builds a dataset from one format).
    private static List<string> DataFiles(IReadOnlyList<string> paths, string prefix)
    {
        var candidates = paths
            .Where(p => p.StartsWith(prefix, StringComparison.Ordinal))
            .Where(p => !p.Split('/').Any(s => s.StartsWith('.') || s.StartsWith("__", StringComparison.Ordinal)) && !NotData.Contains(Path.GetFileName(p)))
            .Where(p => DataExtensions.Contains(Path.GetExtension(p).ToLowerInvariant()))
            .ToList();
        var format = candidates.GroupBy(p => Path.GetExtension(p).ToLowerInvariant()).OrderByDescending(g => g.Count())
            .ThenBy(g => DataExtensions.ToList().IndexOf(g.Key)).FirstOrDefault()?.Key;
        return [.. candidates.Where(p => Path.GetExtension(p).Equals(format, StringComparison.OrdinalIgnoreCase))];
    }

    private static List<SplitLayout> Ordered(IEnumerable<SplitLayout> splits) =>
        [.. splits.OrderBy(s => Array.FindIndex(SplitKeywords, k => k.Split == s.Name) is var i and >= 0 ? i : SplitKeywords.Length).ThenBy(s => s.Name, StringComparer.Ordinal)];

    [GeneratedRegex(@"^data/(?<split>[^/]+?)-[0-9]{5}-of-[0-9]{5}[^/]*\.[^/]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ShardedName();
}
