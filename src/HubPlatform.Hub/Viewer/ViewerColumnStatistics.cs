using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>One column's statistics in <c>/statistics</c>; their fields depend on <see cref="ColumnType"/>.</summary>
public sealed record ViewerColumnStatistics
{
    /// <summary>The column.</summary>
    [JsonPropertyName("column_name")]
    public required string ColumnName { get; init; }

    /// <summary><c>int</c>, <c>float</c>, <c>bool</c>, <c>class_label</c>, <c>string_label</c>, <c>string_text</c> or <c>list</c>.</summary>
    [JsonPropertyName("column_type")]
    public required string ColumnType { get; init; }

    /// <summary>
    /// <c>nan_count</c> and <c>nan_proportion</c>, then: min, max, mean, median, std and a histogram (numbers, and the lengths
    /// of text and lists); frequencies (booleans); <c>no_label_count</c>, <c>n_unique</c> and frequencies (labels).
    /// </summary>
    [JsonPropertyName("column_statistics")]
    public required JsonObject ColumnStatistics { get; init; }
}
