using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>A column of a split, with its <c>datasets</c> feature type (<c>{"dtype":"string","_type":"Value"}</c>).</summary>
public sealed record ViewerFeature
{
    /// <summary>The column's position.</summary>
    [JsonPropertyName("feature_idx")]
    public int FeatureIdx { get; init; }

    /// <summary>The column's name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The feature type, as the <c>datasets</c> library writes it.</summary>
    [JsonPropertyName("type")]
    public required JsonNode Type { get; init; }
}
