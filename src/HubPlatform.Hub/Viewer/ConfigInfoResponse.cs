using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>The answer of <c>/info</c> for one configuration.</summary>
public sealed record ConfigInfoResponse
{
    /// <summary>The configuration's info.</summary>
    [JsonPropertyName("dataset_info")]
    public required ViewerDatasetInfo DatasetInfo { get; init; }

    /// <summary>Whether it describes only a part of the data.</summary>
    [JsonPropertyName("partial")]
    public bool Partial { get; init; }
}
