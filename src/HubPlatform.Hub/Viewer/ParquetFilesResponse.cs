using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>The answer of <c>/parquet</c>.</summary>
public sealed record ParquetFilesResponse
{
    /// <summary>The Parquet files, by configuration and split, in order.</summary>
    [JsonPropertyName("parquet_files")]
    public IReadOnlyList<ParquetFileInfo> ParquetFiles { get; init; } = [];

    /// <summary>Configurations still being processed.</summary>
    [JsonPropertyName("pending")]
    public IReadOnlyList<ViewerPendingConfig> Pending { get; init; } = [];

    /// <summary>Configurations that cannot be served.</summary>
    [JsonPropertyName("failed")]
    public IReadOnlyList<ViewerFailedConfig> Failed { get; init; } = [];

    /// <summary>Whether only a part of the data was converted.</summary>
    [JsonPropertyName("partial")]
    public bool Partial { get; init; }
}
