using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Validation;

/// <summary>A graph input or output: its name, element type and shape (a number per fixed dimension, a name per symbolic one, null when unknown).</summary>
public sealed record ModelTensor
{
    /// <summary>The tensor's name in the graph.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Its element type (<c>float32</c>, <c>int64</c>…), or the kind of a non-tensor value (<c>sequence</c>, <c>map</c>, <c>optional</c>).</summary>
    [JsonPropertyName("dtype")]
    public required string Dtype { get; init; }

    /// <summary>The dimensions, or null when the graph does not say its rank.</summary>
    [JsonPropertyName("shape")]
    public IReadOnlyList<JsonNode?>? Shape { get; init; }
}
