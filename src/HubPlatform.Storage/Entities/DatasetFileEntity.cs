namespace HubPlatform.Storage.Entities;

/// <summary>
/// What indexing learnt of one data file's bytes (keyed by their sha256, so a file that a new commit leaves unchanged is not
/// read again): its rows, row groups and columns, or why it cannot be read. It says nothing about who may read it; only a
/// repository whose tree holds the file leads to it.
/// </summary>
public class DatasetFileEntity
{
    public required string Sha256 { get; set; }

    public long Size { get; set; }

    public long RowCount { get; set; }

    /// <summary>The row groups as JSON, <c>[[firstRow, rows, compressedBytes, uncompressedBytes], …]</c>.</summary>
    public string RowGroups { get; set; } = "[]";

    /// <summary>The columns as <c>datasets</c> features JSON.</summary>
    public string Features { get; set; } = "{}";

    /// <summary>Why the file cannot be served, or null.</summary>
    public string? Error { get; set; }

    public DateTimeOffset IndexedAt { get; set; }
}
