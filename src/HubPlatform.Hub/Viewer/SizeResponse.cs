using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>The answer of <c>/size</c>.</summary>
public sealed record SizeResponse
{
    /// <summary>The sizes.</summary>
    [JsonPropertyName("size")]
    public required SizeSummary Size { get; init; }

    /// <summary>Configurations still being processed.</summary>
    [JsonPropertyName("pending")]
    public IReadOnlyList<ViewerPendingConfig> Pending { get; init; } = [];

    /// <summary>Configurations that cannot be served.</summary>
    [JsonPropertyName("failed")]
    public IReadOnlyList<ViewerFailedConfig> Failed { get; init; } = [];

    /// <summary>Whether only a part of the data was measured.</summary>
    [JsonPropertyName("partial")]
    public bool Partial { get; init; }
}
