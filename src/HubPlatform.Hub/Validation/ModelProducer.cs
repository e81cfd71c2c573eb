using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Validation;

/// <summary>The tool that wrote a model, as the file says.</summary>
public sealed record ModelProducer
{
    /// <summary>The producer's name (<c>pytorch</c>, <c>tf2onnx</c>…).</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    /// <summary>The producer's version.</summary>
    [JsonPropertyName("version")]
    public string Version { get; init; } = string.Empty;
}
