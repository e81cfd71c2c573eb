using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>A configuration whose answer is still being computed.</summary>
public sealed record ViewerPendingConfig
{
    /// <summary>The dataset's id.</summary>
    [JsonPropertyName("dataset")]
    public required string Dataset { get; init; }

    /// <summary>The configuration.</summary>
    [JsonPropertyName("config")]
    public required string Config { get; init; }
}
