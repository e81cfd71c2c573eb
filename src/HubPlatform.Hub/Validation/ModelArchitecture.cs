using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Validation;

/// <summary>What a model is built as: a family read from its graph (cross-checked with its config.json), and why.</summary>
public sealed record ModelArchitecture
{
    /// <summary><c>transformer-encoder</c>, <c>transformer-decoder</c>, <c>encoder-decoder</c>, <c>cnn</c>, <c>rnn</c>, <c>mlp</c> or <c>unknown</c>.</summary>
    [JsonPropertyName("family")]
    public required string Family { get; init; }

    /// <summary>The config.json's <c>model_type</c> (or its first architecture), when there is one.</summary>
    [JsonPropertyName("modelType")]
    public string? ModelType { get; init; }

    /// <summary>The facts the family was read from.</summary>
    [JsonPropertyName("evidence")]
    public IReadOnlyList<string> Evidence { get; init; } = [];
}
