using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>The <c>size</c> object of <c>/size</c>: the dataset's (or the configuration's) total, and each part's.</summary>
public sealed record SizeSummary
{
    /// <summary>The dataset's total (without a configuration asked for).</summary>
    [JsonPropertyName("dataset")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ViewerSize? Dataset { get; init; }

    /// <summary>The configuration's total (when one was asked for).</summary>
    [JsonPropertyName("config")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ViewerSize? Config { get; init; }

    /// <summary>Each configuration's size (without a configuration asked for).</summary>
    [JsonPropertyName("configs")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ViewerSize>? Configs { get; init; }

    /// <summary>Each split's size.</summary>
    [JsonPropertyName("splits")]
    public IReadOnlyList<ViewerSize> Splits { get; init; } = [];
}
