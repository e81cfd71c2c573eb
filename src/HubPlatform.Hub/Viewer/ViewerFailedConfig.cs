using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>A configuration (or split) that cannot be served, with why.</summary>
public sealed record ViewerFailedConfig
{
    /// <summary>The dataset's id.</summary>
    [JsonPropertyName("dataset")]
    public required string Dataset { get; init; }

    /// <summary>The configuration.</summary>
    [JsonPropertyName("config")]
    public required string Config { get; init; }

    /// <summary>The split, when one split failed and not the whole configuration.</summary>
    [JsonPropertyName("split")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Split { get; init; }

    /// <summary>The error, in the viewer's error shape.</summary>
    [JsonPropertyName("error")]
    public required ViewerError Error { get; init; }
}
