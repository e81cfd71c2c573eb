namespace HubPlatform.Storage.Entities;

/// <summary>
/// A dataset as indexed at one commit: its configurations, splits, their files and what the viewer needs of them, written
/// once by the indexing job and only read afterwards (a commit never changes).
/// </summary>
public class DatasetRevisionEntity
{
    public long Id { get; set; }

    public long RepositoryId { get; set; }

    public required string CommitId { get; set; }

    /// <summary>The index as JSON (the Datasets project's snapshot format, versioned by <see cref="Format"/>).</summary>
    public required string Snapshot { get; set; }

    /// <summary>The snapshot format's version: a newer server re-indexes revisions written in an older one.</summary>
    public int Format { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
