using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>A split of a configuration of a dataset, as <c>/splits</c> lists it.</summary>
public sealed record ViewerSplit
{
    /// <summary>The dataset's id.</summary>
    [JsonPropertyName("dataset")]
    public required string Dataset { get; init; }

    /// <summary>The configuration (subset).</summary>
    [JsonPropertyName("config")]
    public required string Config { get; init; }

    /// <summary>The split.</summary>
    [JsonPropertyName("split")]
    public required string Split { get; init; }
}
