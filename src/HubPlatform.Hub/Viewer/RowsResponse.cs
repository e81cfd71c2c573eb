using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>The answer of <c>/rows</c>, <c>/search</c> and <c>/filter</c>: one page of rows.</summary>
public sealed record RowsResponse
{
    /// <summary>The split's columns.</summary>
    [JsonPropertyName("features")]
    public IReadOnlyList<ViewerFeature> Features { get; init; } = [];

    /// <summary>The page.</summary>
    [JsonPropertyName("rows")]
    public IReadOnlyList<ViewerRow> Rows { get; init; } = [];

    /// <summary>Rows in the split (or matching the search or filter).</summary>
    [JsonPropertyName("num_rows_total")]
    public long NumRowsTotal { get; init; }

    /// <summary>The page size asked for.</summary>
    [JsonPropertyName("num_rows_per_page")]
    public int NumRowsPerPage { get; init; }

    /// <summary>Whether only a part of the split was looked at.</summary>
    [JsonPropertyName("partial")]
    public bool Partial { get; init; }
}
