using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>The answer of <c>/info</c> without a configuration: every configuration's info, by name.</summary>
public sealed record DatasetInfoResponse
{
    /// <summary>Each configuration's info.</summary>
    [JsonPropertyName("dataset_info")]
    public IReadOnlyDictionary<string, ViewerDatasetInfo> DatasetInfo { get; init; } = new Dictionary<string, ViewerDatasetInfo>();

    /// <summary>Configurations still being processed.</summary>
    [JsonPropertyName("pending")]
    public IReadOnlyList<ViewerPendingConfig> Pending { get; init; } = [];

    /// <summary>Configurations that cannot be served.</summary>
    [JsonPropertyName("failed")]
    public IReadOnlyList<ViewerFailedConfig> Failed { get; init; } = [];

    /// <summary>Whether it describes only a part of the data.</summary>
    [JsonPropertyName("partial")]
    public bool Partial { get; init; }
}
