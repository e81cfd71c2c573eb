using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>The answer of <c>/first-rows</c>: up to 100 rows of a split, about 1 MB at most.</summary>
public sealed record FirstRowsResponse
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

    /// <summary>The split's columns.</summary>
    [JsonPropertyName("features")]
    public IReadOnlyList<ViewerFeature> Features { get; init; } = [];

    /// <summary>The rows.</summary>
    [JsonPropertyName("rows")]
    public IReadOnlyList<ViewerRow> Rows { get; init; } = [];

    /// <summary>Whether rows were left out to keep the answer small.</summary>
    [JsonPropertyName("truncated")]
    public bool Truncated { get; init; }
}
