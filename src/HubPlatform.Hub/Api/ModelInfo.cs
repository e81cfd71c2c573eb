using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>A model as listed by <c>/api/models</c> or described by <c>/api/models/{repo}</c>.</summary>
public sealed record ModelInfo : RepoInfo
{
    /// <summary>What a HubPlatform mirror's validation found in the model's files at this commit (absent elsewhere).</summary>
    [JsonPropertyName("validation")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Validation.ModelValidationSummary? Validation { get; init; }

    /// <summary>The task, e.g. <c>text-classification</c>.</summary>
    [JsonPropertyName("pipeline_tag")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PipelineTag { get; init; }

    /// <summary>The library, e.g. <c>transformers</c>.</summary>
    [JsonPropertyName("library_name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LibraryName { get; init; }

    /// <summary>The mask token of fill-mask models.</summary>
    [JsonPropertyName("mask_token")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MaskToken { get; init; }

    /// <summary>Parts of <c>config.json</c> (<c>architectures</c>, <c>model_type</c>, …).</summary>
    [JsonPropertyName("config")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Config { get; init; }

    /// <summary>How transformers loads it (<c>auto_model</c>, <c>pipeline_tag</c>, <c>processor</c>).</summary>
    [JsonPropertyName("transformersInfo")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? TransformersInfo { get; init; }

    /// <summary>Parameter counts from safetensors files.</summary>
    [JsonPropertyName("safetensors")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SafeTensorsInfo? SafeTensors { get; init; }

    /// <summary>The model's evaluation results as declared in its card.</summary>
    [JsonPropertyName("model-index")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? ModelIndex { get; init; }

    /// <summary>Spaces that use the model.</summary>
    [JsonPropertyName("spaces")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Spaces { get; init; }
}
