using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>One Parquet file of a split, as <c>/parquet</c> lists it.</summary>
public sealed record ParquetFileInfo
{
    /// <summary>The dataset's id.</summary>
    [JsonPropertyName("dataset")]
    public required string Dataset { get; init; }

    /// <summary>The configuration.</summary>
    [JsonPropertyName("config")]
    public required string Config { get; init; }

    /// <summary>The split.</summary>
    [JsonPropertyName("split")]
    public required string Split { get; init; }

    /// <summary>Where to download it (a <c>/resolve</c> URL of the mirror).</summary>
    [JsonPropertyName("url")]
    public required string Url { get; init; }

    /// <summary>Its file name.</summary>
    [JsonPropertyName("filename")]
    public required string Filename { get; init; }

    /// <summary>Its size in bytes.</summary>
    [JsonPropertyName("size")]
    public long Size { get; init; }
}
