namespace HubPlatform.Storage.Entities;

/// <summary>
/// A split's column statistics, keyed by what they were computed from (the split's files' contents and its columns), so
/// that a commit which leaves a split's files alone reuses them.
/// </summary>
public class DatasetStatisticsEntity
{
    public required string Key { get; set; }

    /// <summary>The <c>/statistics</c> answer as JSON.</summary>
    public required string Statistics { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
