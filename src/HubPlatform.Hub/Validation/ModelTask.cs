using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Validation;

/// <summary>The task a model performs, as the Hub's pipeline tag, with the evidence, and whether a run confirmed it.</summary>
public sealed record ModelTask
{
    /// <summary>The pipeline tag (<c>text-classification</c>…), or <c>unknown</c> when the evidence does not decide.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Whether the probe run returned outputs of the shapes the task needs.</summary>
    [JsonPropertyName("verified")]
    public bool Verified { get; init; }

    /// <summary>The facts the task was read from.</summary>
    [JsonPropertyName("evidence")]
    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <summary>The class labels the model's config.json gives (<c>id2label</c>, in id order); empty when it gives none.</summary>
    [JsonPropertyName("labels")]
    public IReadOnlyList<string> Labels { get; init; } = [];
}
