using System.Text.Json.Nodes;

namespace HubPlatform.Cards;

/// <summary>Typed dataset card metadata (hub-protocol §8); every key it does not name stays in <see cref="CardData.Extra"/>.</summary>
public sealed class DatasetCardData : CardData
{
    private static readonly string[] Known =
    [
        "pretty_name", "language", "language_details", "license", "license_name", "license_link", "tags", "annotations_creators",
        "language_creators", "multilinguality", "size_categories", "source_datasets", "task_categories", "task_ids",
        "paperswithcode_id", "configs", "dataset_info",
    ];

    /// <summary>Wraps front matter JSON.</summary>
    public DatasetCardData(JsonObject metadata)
        : base(metadata, Known)
    {
        Configs = (Node("configs") as JsonArray ?? []).OfType<JsonObject>().Select(DatasetConfig.From).ToList();
        DatasetInfo = Node("dataset_info") switch
        {
            JsonObject one => [DatasetInfoEntry.From(one)],
            JsonArray many => many.OfType<JsonObject>().Select(DatasetInfoEntry.From).ToList(),
            _ => [],
        };
    }

    /// <summary>A display name.</summary>
    public string? PrettyName => String("pretty_name");

    /// <summary>All license ids (datasets may list several).</summary>
    public IReadOnlyList<string> Licenses => Strings("license");

    /// <summary>BCP-47 details of the language.</summary>
    public string? LanguageDetails => String("language_details");

    /// <summary>Who annotated the data.</summary>
    public IReadOnlyList<string> AnnotationsCreators => Strings("annotations_creators");

    /// <summary>Who wrote the text.</summary>
    public IReadOnlyList<string> LanguageCreators => Strings("language_creators");

    /// <summary><c>monolingual</c>, <c>multilingual</c>, <c>translation</c> or <c>other</c>.</summary>
    public IReadOnlyList<string> Multilinguality => Strings("multilinguality");

    /// <summary>Size buckets such as <c>10K&lt;n&lt;100K</c>.</summary>
    public IReadOnlyList<string> SizeCategories => Strings("size_categories");

    /// <summary>Where the data comes from.</summary>
    public IReadOnlyList<string> SourceDatasets => Strings("source_datasets");

    /// <summary>Tasks (pipeline tags).</summary>
    public IReadOnlyList<string> TaskCategories => Strings("task_categories");

    /// <summary>Subtasks.</summary>
    public IReadOnlyList<string> TaskIds => Strings("task_ids");

    /// <summary>The Papers with Code id.</summary>
    public string? PapersWithCodeId => String("paperswithcode_id");

    /// <summary>Configurations (subsets) and their data files.</summary>
    public IReadOnlyList<DatasetConfig> Configs { get; }

    /// <summary><c>dataset_info</c>, one entry per configuration.</summary>
    public IReadOnlyList<DatasetInfoEntry> DatasetInfo { get; }
}

/// <summary>One <c>configs[]</c> entry.</summary>
/// <param name="ConfigName">The configuration name.</param>
/// <param name="IsDefault">Whether it is the default one.</param>
/// <param name="DataFiles">Data files by split (split <c>train</c> when a bare string or list is given).</param>
/// <param name="DataDir">A folder instead of data files.</param>
public sealed record DatasetConfig(string? ConfigName, bool IsDefault, IReadOnlyList<DataFilesEntry> DataFiles, string? DataDir)
{
    internal static DatasetConfig From(JsonObject obj)
    {
        var files = obj["data_files"] switch
        {
            JsonValue v when CardData.Scalar(v) is { } path => [new DataFilesEntry("train", [path])],
            JsonArray a when a.All(x => x is JsonValue) => [new DataFilesEntry("train", CardData.StringsOf(a))],
            JsonArray a => a.OfType<JsonObject>().Select(e => new DataFilesEntry(e["split"] is JsonValue s ? CardData.Scalar(s) ?? "train" : "train", CardData.StringsOf(e["path"]))).ToList(),

            // The mapping form the datasets library also takes: {train: "a.csv", test: ["b.csv", "c.csv"]}.
            JsonObject o => o.Select(kv => new DataFilesEntry(kv.Key, CardData.StringsOf(kv.Value))).ToList(),
            _ => (IReadOnlyList<DataFilesEntry>)[],
        };
        return new DatasetConfig(
            obj["config_name"] is JsonValue n ? CardData.Scalar(n) : null,
            obj["default"] is JsonValue d && d.TryGetValue<bool>(out var b) && b,
            files,
            obj["data_dir"] is JsonValue dir ? CardData.Scalar(dir) : null);
    }
}

/// <summary>Paths or globs of one split.</summary>
/// <param name="Split">The split name.</param>
/// <param name="Paths">Paths or globs.</param>
public sealed record DataFilesEntry(string Split, IReadOnlyList<string> Paths);

/// <summary>One <c>dataset_info</c> entry.</summary>
/// <param name="ConfigName">The configuration it describes.</param>
/// <param name="Features">The features, as written.</param>
/// <param name="Splits">Split sizes.</param>
/// <param name="DownloadSize">Bytes to download.</param>
/// <param name="DatasetSize">Bytes of the prepared dataset.</param>
public sealed record DatasetInfoEntry(string? ConfigName, JsonNode? Features, IReadOnlyList<SplitInfo> Splits, long? DownloadSize, long? DatasetSize)
{
    internal static DatasetInfoEntry From(JsonObject obj) => new(
        obj["config_name"] is JsonValue n ? CardData.Scalar(n) : null,
        obj["features"]?.DeepClone(),
        (obj["splits"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(s => new SplitInfo(s["name"] is JsonValue v ? CardData.Scalar(v) : null, (long?)CardData.Number(s["num_bytes"]), (long?)CardData.Number(s["num_examples"])))
            .ToList(),
        (long?)CardData.Number(obj["download_size"]),
        (long?)CardData.Number(obj["dataset_size"]));
}

/// <summary>The size of one split.</summary>
/// <param name="Name">The split name.</param>
/// <param name="NumBytes">Its size in bytes.</param>
/// <param name="NumExamples">Its number of rows.</param>
public sealed record SplitInfo(string? Name, long? NumBytes, long? NumExamples);
