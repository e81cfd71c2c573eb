using System.Text.Json.Nodes;

namespace HubPlatform.Cards;

/// <summary>Typed model card metadata (hub-protocol §8); every key it does not name stays in <see cref="CardData.Extra"/>.</summary>
public sealed class ModelCardData : CardData
{
    private static readonly string[] Known =
    [
        "language", "license", "license_name", "license_link", "library_name", "tags", "datasets", "metrics", "base_model",
        "base_model_relation", "new_version", "pipeline_tag", "thumbnail", "inference", "widget", "mask_token", "co2_eq_emissions", "model-index",
    ];

    /// <summary>Wraps front matter JSON.</summary>
    public ModelCardData(JsonObject metadata)
        : base(metadata, Known)
    {
        (ModelName, EvalResults) = ModelIndex.ToEvalResults(Node("model-index"));
    }

    /// <summary>The library, e.g. <c>transformers</c>.</summary>
    public string? LibraryName => String("library_name");

    /// <summary>The task.</summary>
    public string? PipelineTag => String("pipeline_tag");

    /// <summary>Datasets the model was trained on.</summary>
    public IReadOnlyList<string> Datasets => Strings("datasets");

    /// <summary>Metric ids.</summary>
    public IReadOnlyList<string> Metrics => Strings("metrics");

    /// <summary>The base model, or several for merges.</summary>
    public IReadOnlyList<string> BaseModel => Strings("base_model");

    /// <summary><c>adapter</c>, <c>merge</c>, <c>quantized</c> or <c>finetune</c>.</summary>
    public string? BaseModelRelation => String("base_model_relation");

    /// <summary>A newer version of this model.</summary>
    public string? NewVersion => String("new_version");

    /// <summary>A thumbnail URL.</summary>
    public string? Thumbnail => String("thumbnail");

    /// <summary>The mask token of fill-mask models.</summary>
    public string? MaskToken => String("mask_token");

    /// <summary><c>inference</c>: a boolean or <c>{parameters: …}</c>.</summary>
    public JsonNode? Inference => Node("inference")?.DeepClone();

    /// <summary>Widget examples.</summary>
    public JsonArray? Widget => Node("widget")?.DeepClone() as JsonArray;

    /// <summary>CO2 emissions: a number (grams) or an object with <c>emissions</c>, <c>source</c>, … .</summary>
    public JsonNode? Co2EqEmissions => Node("co2_eq_emissions")?.DeepClone();

    /// <summary>The model name in <c>model-index</c>.</summary>
    public string? ModelName { get; }

    /// <summary>The flattened <c>model-index</c>.</summary>
    public IReadOnlyList<EvalResult> EvalResults { get; }
}
