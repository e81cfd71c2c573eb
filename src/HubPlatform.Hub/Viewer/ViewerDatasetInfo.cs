using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>A configuration's <c>dataset_info</c>, as the <c>datasets</c> library writes it.</summary>
public sealed record ViewerDatasetInfo
{
    /// <summary>The description (empty when the card gives none).</summary>
    [JsonPropertyName("description")]
    public string Description { get; init; } = string.Empty;

    /// <summary>The citation.</summary>
    [JsonPropertyName("citation")]
    public string Citation { get; init; } = string.Empty;

    /// <summary>The homepage.</summary>
    [JsonPropertyName("homepage")]
    public string Homepage { get; init; } = string.Empty;

    /// <summary>The license.</summary>
    [JsonPropertyName("license")]
    public string License { get; init; } = string.Empty;

    /// <summary>The columns, name to feature type.</summary>
    [JsonPropertyName("features")]
    public required JsonObject Features { get; init; }

    /// <summary>The builder that reads the files (<c>parquet</c>, <c>csv</c>, <c>json</c>).</summary>
    [JsonPropertyName("builder_name")]
    public required string BuilderName { get; init; }

    /// <summary>The configuration.</summary>
    [JsonPropertyName("config_name")]
    public required string ConfigName { get; init; }

    /// <summary>The splits by name.</summary>
    [JsonPropertyName("splits")]
    public IReadOnlyDictionary<string, ViewerSplitSize> Splits { get; init; } = new Dictionary<string, ViewerSplitSize>();

    /// <summary>Bytes of the data files.</summary>
    [JsonPropertyName("download_size")]
    public long DownloadSize { get; init; }

    /// <summary>Bytes of the data once decoded in memory.</summary>
    [JsonPropertyName("dataset_size")]
    public long DatasetSize { get; init; }
}
