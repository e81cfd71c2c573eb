namespace HubPlatform.Storage.Entities;

/// <summary>
/// A split's CSV or JSON files converted to Parquet in one repository, keyed by what was converted (the split's name, its
/// format and its files' contents, in order): a commit that leaves those files alone reuses the Parquet shards, which the
/// repository already references from its <c>refs/convert/parquet</c> history.
/// </summary>
public class DatasetConversionEntity
{
    public long Id { get; set; }

    public long RepositoryId { get; set; }

    public required string SourceKey { get; set; }

    /// <summary>The Parquet shards in order, as JSON <c>[{"sha256":…,"size":…}]</c>; empty when the conversion failed.</summary>
    public required string Shards { get; set; }

    /// <summary>A commit of <c>refs/convert/parquet</c> that holds the shards (where links to them point), or null when it failed.</summary>
    public string? ConvertCommitId { get; set; }

    /// <summary>Why the files could not be converted, or null.</summary>
    public string? Error { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
