using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>The sizes of a dataset, a configuration or a split, as <c>/size</c> gives them.</summary>
public sealed record ViewerSize
{
    /// <summary>The dataset's id.</summary>
    [JsonPropertyName("dataset")]
    public required string Dataset { get; init; }

    /// <summary>The configuration (for configuration and split sizes).</summary>
    [JsonPropertyName("config")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Config { get; init; }

    /// <summary>The split (for split sizes).</summary>
    [JsonPropertyName("split")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Split { get; init; }

    /// <summary>Bytes of the original data files.</summary>
    [JsonPropertyName("num_bytes_original_files")]
    public long NumBytesOriginalFiles { get; init; }

    /// <summary>Bytes of the Parquet files.</summary>
    [JsonPropertyName("num_bytes_parquet_files")]
    public long NumBytesParquetFiles { get; init; }

    /// <summary>Bytes once decoded in memory.</summary>
    [JsonPropertyName("num_bytes_memory")]
    public long NumBytesMemory { get; init; }

    /// <summary>Rows.</summary>
    [JsonPropertyName("num_rows")]
    public long NumRows { get; init; }

    /// <summary>Columns (for configuration and split sizes).</summary>
    [JsonPropertyName("num_columns")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? NumColumns { get; init; }
}
