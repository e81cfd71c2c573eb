using System.Text.Json.Nodes;

namespace HubPlatform.Cards;

/// <summary>
/// One metric of one task on one dataset: a flattened <c>model-index</c> entry, as <c>huggingface_hub</c>'s <c>EvalResult</c> has it.
/// </summary>
public sealed record EvalResult
{
    /// <summary>The task type, e.g. <c>text-classification</c> (required).</summary>
    public required string TaskType { get; init; }

    /// <summary>The task's display name.</summary>
    public string? TaskName { get; init; }

    /// <summary>The dataset id (required).</summary>
    public required string DatasetType { get; init; }

    /// <summary>The dataset's display name (required).</summary>
    public required string DatasetName { get; init; }

    /// <summary>The dataset configuration.</summary>
    public string? DatasetConfig { get; init; }

    /// <summary>The split.</summary>
    public string? DatasetSplit { get; init; }

    /// <summary>The dataset revision.</summary>
    public string? DatasetRevision { get; init; }

    /// <summary>Loader arguments.</summary>
    public JsonNode? DatasetArgs { get; init; }

    /// <summary>The metric id, e.g. <c>accuracy</c> (required).</summary>
    public required string MetricType { get; init; }

    /// <summary>The value: a number, or a string such as <c>"20.0 ± 1.2"</c> (required).</summary>
    public required JsonNode MetricValue { get; init; }

    /// <summary>The metric's display name.</summary>
    public string? MetricName { get; init; }

    /// <summary>The metric configuration.</summary>
    public string? MetricConfig { get; init; }

    /// <summary>Metric arguments.</summary>
    public JsonNode? MetricArgs { get; init; }

    /// <summary>Whether the Hub verified the result.</summary>
    public bool? Verified { get; init; }

    /// <summary>The Hub's verification token.</summary>
    public string? VerifyToken { get; init; }

    /// <summary>Where the result comes from.</summary>
    public string? SourceName { get; init; }

    /// <summary>A link to the source.</summary>
    public string? SourceUrl { get; init; }

    /// <summary>The value as a number, when it is one (or a string that is one).</summary>
    public double? NumericValue => CardData.Number(MetricValue);
}
