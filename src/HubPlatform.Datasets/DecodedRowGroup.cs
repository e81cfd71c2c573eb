namespace HubPlatform.Datasets;

/// <summary>
/// A flat row group's columns decoded into arrays of their own (not rented): what a page of rows is cut from, and what
/// <see cref="RowGroupCache"/> keeps so that the next page of the same group decodes nothing.
/// </summary>
/// <param name="rows">Its rows.</param>
/// <param name="columns">Each column's cell by row (boxed when read; a page boxes at most a hundred cells per column).</param>
/// <param name="bytes">About how much memory the arrays hold.</param>
internal sealed class DecodedRowGroup(int rows, Dictionary<string, Func<int, object?>> columns, long bytes)
{
    public int Rows => rows;

    public long Bytes => bytes;

    /// <summary>A cell (null when the group has no such column).</summary>
    public object? Cell(string column, int row) => columns.TryGetValue(column, out var cells) ? cells(row) : null;
}
