using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>The answer of <c>/splits</c>.</summary>
public sealed record SplitsResponse
{
    /// <summary>Every split that can be served, the default configuration's first.</summary>
    [JsonPropertyName("splits")]
    public IReadOnlyList<ViewerSplit> Splits { get; init; } = [];

    /// <summary>Configurations still being processed.</summary>
    [JsonPropertyName("pending")]
    public IReadOnlyList<ViewerPendingConfig> Pending { get; init; } = [];

    /// <summary>Configurations that cannot be served.</summary>
    [JsonPropertyName("failed")]
    public IReadOnlyList<ViewerFailedConfig> Failed { get; init; } = [];
}
