using System.Text.Json;
using HubPlatform.Hub.Viewer;
using HubPlatform.Storage;
using HubPlatform.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace HubPlatform.Datasets;

/// <summary>
/// Computes the column statistics of one split of an indexed commit (queued by the indexing job for every split, or when a
/// reader asks), unless statistics of the same content exist. Reads the split three times, one row group at a time.
/// </summary>
public sealed class DatasetStatisticsJob(HubDbContext db, DatasetViewer viewer, TimeProvider clock) : IJobHandler
{
    /// <summary>The kind of the job.</summary>
    public const string JobKind = "dataset-statistics";

    /// <inheritdoc />
    public string Kind => JobKind;

    /// <inheritdoc />
    public async Task<JobOutcome> RunAsync(JobLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var job = lease.Job;
        if (await SplitJob.LoadAsync(db, job, cancellationToken) is not { Features: { } features } split)
        {
            return new JobOutcome("the split cannot be read");
        }

        var key = split.ContentKey;
        if (await db.DatasetStatistics.AnyAsync(s => s.Key == key, cancellationToken))
        {
            return new JobOutcome("computed before for the same content");
        }

        var (total, columns) = await SplitStatistics.ComputeAsync(features, wanted => viewer.CellBatchesAsync(split, wanted, cancellationToken), cancellationToken);
        var response = new StatisticsResponse
        {
            NumExamples = total,
            Statistics = [.. columns.Select(c => new ViewerColumnStatistics
            {
                ColumnName = c!["column_name"]!.GetValue<string>(), ColumnType = c["column_type"]!.GetValue<string>(), ColumnStatistics = c["column_statistics"]!.AsObject(),
            })],
        };
        var text = JsonSerializer.Serialize(response, ViewerJsonContext.Default.StatisticsResponse);
        return new JobOutcome($"{response.Statistics.Count} columns over {total} rows", async (context, ct) =>
        {
            if (!await context.DatasetStatistics.AnyAsync(s => s.Key == key, ct))
            {
                context.DatasetStatistics.Add(new DatasetStatisticsEntity { Key = key, Statistics = text, CreatedAt = clock.GetUtcNow() });
            }
        });
    }
}
