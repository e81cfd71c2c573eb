using HubPlatform.Storage;

namespace HubPlatform.Datasets;

/// <summary>
/// Builds the full-text index of one split of an indexed commit (queued by the indexing job for every split with text
/// columns, or when a reader searches), unless the index of the same content exists. Reads the split once.
/// </summary>
public sealed class DatasetSearchJob(HubDbContext db, DatasetViewer viewer, DatasetSearchIndex index) : IJobHandler
{
    /// <summary>The kind of the job.</summary>
    public const string JobKind = "dataset-search";

    /// <inheritdoc />
    public string Kind => JobKind;

    /// <inheritdoc />
    public async Task<JobOutcome> RunAsync(JobLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (await SplitJob.LoadAsync(db, lease.Job, cancellationToken) is not { Features: { } features } split)
        {
            return new JobOutcome("the split cannot be read");
        }

        var key = split.ContentKey;
        if (index.Exists(key))
        {
            return new JobOutcome("indexed before for the same content");
        }

        var columns = DatasetSearchIndex.TextColumns(features);
        await index.BuildAsync(key, columns, viewer.CellBatchesAsync(split, [.. columns], cancellationToken), cancellationToken);
        return new JobOutcome($"{split.NumRows} rows indexed over {columns.Count} text columns");
    }
}
