using System.Text.Json.Serialization;

namespace HubPlatform.Datasets;

/// <summary>
/// A dataset as the indexing job found it at one commit: every configuration and split with its files and what paging
/// needs of them, so that no request reads a footer. Stored as JSON in <c>dataset_revisions</c>.
/// </summary>
/// <param name="Configs">The configurations, the default one first.</param>
public sealed record DatasetSnapshot(IReadOnlyList<ConfigSnapshot> Configs)
{
    /// <summary>The version of this format; revisions indexed in another one are indexed again.</summary>
    public const int Format = 3;

    /// <summary>The configuration of that name, or null.</summary>
    public ConfigSnapshot? Config(string name) => Configs.FirstOrDefault(c => c.Name == name);
}

/// <summary>One configuration.</summary>
/// <param name="Name">Its name.</param>
/// <param name="IsDefault">Whether it is the default one.</param>
/// <param name="BuilderName">The <c>datasets</c> builder for its files (<c>parquet</c>, <c>csv</c>, <c>json</c>).</param>
/// <param name="Splits">Its splits.</param>
/// <param name="Error">Why it cannot be served at all, or null.</param>
/// <param name="License">The card's license, or empty.</param>
/// <param name="Description">The card's description (its pretty name), or empty.</param>
public sealed record ConfigSnapshot(string Name, bool IsDefault, string BuilderName, IReadOnlyList<SplitSnapshot> Splits, string? Error, string License, string Description)
{
    /// <summary>The split of that name, or null.</summary>
    public SplitSnapshot? Split(string name) => Splits.FirstOrDefault(s => s.Name == name);
}

/// <summary>One split: its files in order, rows, bytes and columns, or why it cannot be served.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Files">Its files, in order.</param>
/// <param name="Features">Its columns as <c>datasets</c> features (with class labels from the card), or null when it failed.</param>
/// <param name="Error">Why it cannot be served, or null.</param>
public sealed record SplitSnapshot(string Name, IReadOnlyList<FileSnapshot> Files, System.Text.Json.Nodes.JsonObject? Features, string? Error)
{
    /// <summary>Rows in the split.</summary>
    [JsonIgnore]
    public long NumRows => Files.Sum(f => f.RowCount);

    /// <summary>Bytes of its files.</summary>
    [JsonIgnore]
    public long NumBytes => Files.Sum(f => f.Size);

    /// <summary>Bytes of its data once decompressed.</summary>
    [JsonIgnore]
    public long NumBytesMemory => Files.Sum(f => f.RowGroups.Sum(g => g.UncompressedBytes));

    /// <summary>What the split's rows are made of (its columns and its files' contents, in order), as a key for results computed from them.</summary>
    [JsonIgnore]
    public string ContentKey => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
        (Features?.ToJsonString() ?? string.Empty) + "\n" + string.Join('\n', Files.Select(f => f.Sha256)))));
}

/// <summary>One data file of a split.</summary>
/// <param name="Path">Its repository path.</param>
/// <param name="Sha256">Its content's sha256 (where the bytes are).</param>
/// <param name="Size">Its size.</param>
/// <param name="RowCount">Its rows.</param>
/// <param name="RowGroups">Its row groups.</param>
/// <param name="Revision">
/// The commit it is at, when not the snapshot's own: a CSV or JSON split's Parquet files are on <c>refs/convert/parquet</c>.
/// </param>
public sealed record FileSnapshot(string Path, string Sha256, long Size, long RowCount, IReadOnlyList<RowGroupIndex> RowGroups, string? Revision = null);

/// <summary>Source-generated JSON for the snapshot.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DatasetSnapshot))]
[JsonSerializable(typeof(List<RowGroupIndex>))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(List<StoredShard>))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
