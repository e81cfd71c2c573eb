using System.Text.Json;
using System.Text.Json.Nodes;

namespace HubPlatform.Datasets;

/// <summary>
/// A cell as statistics see it: absent (null, or a non-finite float, which the viewer also shows as null), or a number
/// (the value; 1 or 0 for booleans; the length of text and of lists) with the text itself for text, as characters that need
/// not be a string of their own.
/// </summary>
/// <param name="HasValue">Whether the cell holds a value.</param>
/// <param name="Number">The number it stands for.</param>
/// <param name="Text">The text, for text cells.</param>
internal readonly record struct StatCell(bool HasValue, double Number, ReadOnlyMemory<char> Text)
{
    public bool IsNull => !HasValue;

    public static StatCell Of(double value) => double.IsFinite(value) ? new StatCell(true, value, default) : default;

    public static StatCell Of(string? text) => text is null ? default : new StatCell(true, text.Length, text.AsMemory());

    public static StatCell Of(ReadOnlyMemory<char>? text) => text is { } t ? new StatCell(true, t.Length, t) : default;

    public static StatCell Of(JsonNode? cell) => cell switch
    {
        null => default,
        JsonArray list => new StatCell(true, list.Count, default),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.Number => Of(JsonNumber.ToDouble(value)),
            JsonValueKind.String => Of(value.GetValue<string>()),
            JsonValueKind.True => new StatCell(true, 1, default),
            JsonValueKind.False => new StatCell(true, 0, default),
            _ => default,
        },
        _ => new StatCell(true, double.NaN, default),
    };
}

/// <summary>
/// Cells of some consecutive rows, by column: what each pass of the statistics reads at a time. Its arrays may be rented
/// (a row group's columns are large-object-heap sized); whoever reads the batch disposes it to give them back.
/// </summary>
internal sealed class CellBatch(int count, Dictionary<string, StatCell[]> columns, bool pooled = false) : IDisposable
{
    public int Count => count;

    /// <summary>A column's cells (all null when the batch lacks the column).</summary>
    public ReadOnlySpan<StatCell> Cells(string column) => columns.TryGetValue(column, out var cells) ? cells.AsSpan(0, count) : new StatCell[count];

    public static CellBatch FromRows(IReadOnlyList<JsonObject> rows, IReadOnlyList<string> names)
    {
        var columns = new Dictionary<string, StatCell[]>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var cells = new StatCell[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                cells[i] = StatCell.Of(rows[i][name]);
            }

            columns[name] = cells;
        }

        return new CellBatch(rows.Count, columns);
    }

    public void Dispose()
    {
        if (pooled)
        {
            foreach (var cells in columns.Values)
            {
                System.Buffers.ArrayPool<StatCell>.Shared.Return(cells, clearArray: true);
            }

            columns.Clear();
        }
    }
}
