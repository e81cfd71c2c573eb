using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>A row of a split, with its index in the split and the cells cut short to keep the answer small.</summary>
public sealed record ViewerRow
{
    /// <summary>The row's index in the split.</summary>
    [JsonPropertyName("row_idx")]
    public long RowIdx { get; init; }

    /// <summary>The cells, column name to value.</summary>
    [JsonPropertyName("row")]
    public required JsonObject Row { get; init; }

    /// <summary>Columns whose value was cut short (given as a string prefix of its JSON).</summary>
    [JsonPropertyName("truncated_cells")]
    public IReadOnlyList<string> TruncatedCells { get; init; } = [];
}
