using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Validation;

/// <summary>What loading a model in ONNX Runtime and running it once on synthetic inputs showed (the child process's answer).</summary>
public sealed record ModelProbe
{
    /// <summary>Whether ONNX Runtime created a session for the model.</summary>
    [JsonPropertyName("loaded")]
    public bool Loaded { get; init; }

    /// <summary>Whether the run returned every output with finite values.</summary>
    [JsonPropertyName("ran")]
    public bool Ran { get; init; }

    /// <summary>The inputs as they were fed (their symbolic dimensions given sizes).</summary>
    [JsonPropertyName("inputs")]
    public IReadOnlyList<ModelTensor> Inputs { get; init; } = [];

    /// <summary>The outputs as they came back.</summary>
    [JsonPropertyName("outputs")]
    public IReadOnlyList<ModelTensor> Outputs { get; init; } = [];

    /// <summary>Why the model did not load or run, or null.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}
