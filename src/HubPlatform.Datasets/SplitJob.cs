using System.Text.Json;
using HubPlatform.Storage;
using HubPlatform.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace HubPlatform.Datasets;

/// <summary>What the per-split jobs (statistics, search) share: their path names a configuration and a split of an indexed commit.</summary>
internal static class SplitJob
{
    /// <summary>The job's path for a split: its configuration and name, as a JSON array (names may hold any character).</summary>
    public static string PathOf(string config, string split) => JsonSerializer.Serialize([config, split], SnapshotJsonContext.Default.StringArray);

    /// <summary>The split a job is about, or null when it cannot be read (its error is served by the viewer instead).</summary>
    /// <exception cref="InvalidOperationException">The commit is not indexed yet, or the path names no split.</exception>
    public static async Task<SplitSnapshot?> LoadAsync(HubDbContext db, JobEntity job, CancellationToken cancellationToken)
    {
        var names = JsonSerializer.Deserialize(job.Path, SnapshotJsonContext.Default.StringArray) is [var config, var splitName]
            ? (Config: config, Split: splitName)
            : throw new InvalidOperationException($"'{job.Path}' does not name a configuration and a split.");
        var json = await db.DatasetRevisions.AsNoTracking().Where(r => r.RepositoryId == job.RepositoryId && r.CommitId == job.CommitId && r.Format == DatasetSnapshot.Format)
            .Select(r => r.Snapshot).FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("The dataset is not indexed at this commit yet.");
        var snapshot = JsonSerializer.Deserialize(json, SnapshotJsonContext.Default.DatasetSnapshot)!;
        return snapshot.Config(names.Config) is { Error: null } found && found.Split(names.Split) is { Error: null, Features: not null } split ? split : null;
    }
}
