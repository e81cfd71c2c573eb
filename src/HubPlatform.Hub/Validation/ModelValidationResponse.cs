using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Validation;

/// <summary><c>GET /api/models/{repo}/validation[/{revision}]</c>: what validation found at a commit, or that it is pending.</summary>
public sealed record ModelValidationResponse
{
    /// <summary>The commit the results describe.</summary>
    [JsonPropertyName("commit")]
    public required string Commit { get; init; }

    /// <summary><c>done</c>, or <c>pending</c> while the validation job has not run.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary>An element per model file of the commit (ONNX, safetensors, GGUF); empty while pending.</summary>
    [JsonPropertyName("models")]
    public IReadOnlyList<ModelValidation> Models { get; init; } = [];

    /// <summary>Where the commit's README.md disagrees with what the files show (task, parameters, labels, libraries).</summary>
    [JsonPropertyName("findings")]
    public IReadOnlyList<ModelCardFinding> Findings { get; init; } = [];
}
