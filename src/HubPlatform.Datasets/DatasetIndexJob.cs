using System.Text.Json;
using System.Text.Json.Nodes;
using HubPlatform.Cards;
using HubPlatform.Storage;
using HubPlatform.Storage.Entities;
using HubPlatform.Storage.Trees;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HubPlatform.Datasets;

/// <summary>
/// Indexes a dataset at one commit (a job after each commit to a dataset repository, or when a reader asks for a commit
/// nobody indexed): configurations and splits from the card or the default layout, then each Parquet file's footer,
/// unless a file with the same bytes was read before. A file that cannot be read fails its split only.
/// </summary>
public sealed class DatasetIndexJob(HubDbContext db, RepositoryService repos, CommitService commits, DatasetConverter converter, IBlobStore blobs, JobQueue jobs, TimeProvider clock, ILogger<DatasetIndexJob> logger) : IJobHandler
{
    /// <summary>The kind of the job.</summary>
    public const string JobKind = "dataset-index";

    // Cards are read whole: a dataset card with a large dataset_info is still far below this.
    private const long MaxCardBytes = 4 * 1024 * 1024;

    /// <inheritdoc />
    public string Kind => JobKind;

    /// <inheritdoc />
    public async Task<JobOutcome> RunAsync(JobLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var job = lease.Job;
        var repo = await db.Repositories.AsNoTracking().FirstOrDefaultAsync(r => r.Id == job.RepositoryId, cancellationToken);
        if (repo is null)
        {
            return new JobOutcome("the repository was deleted");
        }

        var files = await repos.FilesByPathAsync(repo, job.CommitId, cancellationToken);

        var card = await CardAsync(files, cancellationToken);
        var layout = DataFileResolver.Resolve(card, [.. files.Keys]);
        var (converted, conversions) = await converter.ConvertAsync(repo, job.CommitId, layout, files, cancellationToken);
        var known = new Dictionary<string, DatasetFileEntity>(StringComparer.Ordinal);
        var added = new List<DatasetFileEntity>();
        var configs = new List<ConfigSnapshot>();
        foreach (var config in layout.Configs)
        {
            var cardFeatures = card?.DatasetInfo.FirstOrDefault(i => (i.ConfigName ?? "default") == config.Name)?.Features;
            var splits = new List<SplitSnapshot>();
            foreach (var split in config.Splits)
            {
                var parts = DatasetConverter.NeedsConversion(split) ? converted.GetValueOrDefault((config.Name, split.Name)) : null;
                splits.Add(parts is { Error: { } error } || (parts is null && DatasetConverter.NeedsConversion(split))
                    ? new SplitSnapshot(split.Name, [], null, parts?.Error ?? $"Split '{split.Name}' was not converted to Parquet.")
                    : await SplitAsync(split, Sources(split, files, parts), known, added, cardFeatures, cancellationToken));
            }

            var builder = config.Splits.SelectMany(s => s.Files).Select(DatasetConverter.Builder).FirstOrDefault() ?? "parquet";
            configs.Add(new ConfigSnapshot(config.Name, config.IsDefault, builder, splits, config.Error,
                card?.Licenses.FirstOrDefault() ?? string.Empty, card?.PrettyName ?? string.Empty));
        }

        var snapshot = new DatasetSnapshot(configs);
        var json = JsonSerializer.Serialize(snapshot, SnapshotJsonContext.Default.DatasetSnapshot);
        var splitCount = configs.Sum(c => c.Splits.Count);
        var failed = configs.Sum(c => c.Error is null ? c.Splits.Count(s => s.Error is not null) : c.Splits.Count);
        var summary = $"{configs.Count} configs, {splitCount} splits ({failed} failed), {added.Count} files read";
        logger.LogInformation("Indexed dataset {Namespace}/{Name} at {Commit}: {Summary}", repo.Namespace, repo.Name, job.CommitId, summary);
        return new JobOutcome(summary, async (context, ct) =>
        {
            foreach (var conversion in conversions)
            {
                if (!await context.DatasetConversions.AnyAsync(c => c.RepositoryId == conversion.RepositoryId && c.SourceKey == conversion.SourceKey, ct))
                {
                    context.DatasetConversions.Add(conversion);
                }
            }

            foreach (var file in added)
            {
                if (!await context.DatasetFiles.AnyAsync(f => f.Sha256 == file.Sha256, ct))
                {
                    context.DatasetFiles.Add(file);
                }
            }

            var existing = await context.DatasetRevisions.FirstOrDefaultAsync(r => r.RepositoryId == job.RepositoryId && r.CommitId == job.CommitId, ct);
            if (existing is null)
            {
                context.DatasetRevisions.Add(new DatasetRevisionEntity
                {
                    RepositoryId = job.RepositoryId, CommitId = job.CommitId, Snapshot = json, Format = DatasetSnapshot.Format, CreatedAt = clock.GetUtcNow(),
                });
            }
            else
            {
                existing.Snapshot = json;
                existing.Format = DatasetSnapshot.Format;
                existing.CreatedAt = clock.GetUtcNow();
            }

            // Statistics and search indexes of every split that can be read, in the same transaction: they need this index.
            await context.SaveChangesAsync(ct);
            var readable = configs.Where(c => c.Error is null).SelectMany(c => c.Splits.Where(s => s.Error is null).Select(s => (Config: c.Name, Split: s))).ToList();
            await jobs.EnqueueAsync(
                readable.Select(r => new JobRequest(DatasetStatisticsJob.JobKind, job.RepositoryId, job.CommitId, SplitJob.PathOf(r.Config, r.Split.Name), job.Branch))
                    .Concat(readable.Where(r => DatasetSearchIndex.TextColumns(r.Split.Features!).Count > 0)
                        .Select(r => new JobRequest(DatasetSearchJob.JobKind, job.RepositoryId, job.CommitId, SplitJob.PathOf(r.Config, r.Split.Name), job.Branch))),
                ct);
        });
    }

    // The Parquet files a split is read from: its own, or those its CSV or JSON files were converted to.
    private static List<(RepoFile File, string? Revision)> Sources(SplitLayout split, Dictionary<string, RepoFile> files, ConvertedSplit? converted) =>
        converted is null
            ? [.. split.Files.Select(f => (files[f], (string?)null))]
            : [.. converted.Shards.Select(s => (new RepoFile(s.Path, string.Empty, s.Size, s.Sha256, true, 0), (string?)s.Revision))];

    private async Task<SplitSnapshot> SplitAsync(SplitLayout split, List<(RepoFile File, string? Revision)> sources, Dictionary<string, DatasetFileEntity> known,
        List<DatasetFileEntity> added, JsonNode? cardFeatures, CancellationToken cancellationToken)
    {
        var snapshots = new List<FileSnapshot>();
        JsonObject? features = null;
        string? featuresFrom = null;
        foreach (var (file, revision) in sources)
        {
            var path = file.Path;
            var index = await FileIndexAsync(file, probe: snapshots.Count == 0, known, added, cancellationToken);
            if (index.Error is not null)
            {
                return new SplitSnapshot(split.Name, [], null, $"{path}: {index.Error}");
            }

            var own = JsonNode.Parse(index.Features)!.AsObject();
            if (features is null)
            {
                (features, featuresFrom) = (own, path);
            }
            else if (!JsonNode.DeepEquals(features, own))
            {
                return new SplitSnapshot(split.Name, [], null,
                    $"The files of split '{split.Name}' do not have the same columns: {featuresFrom} has {Columns(features)}, {path} has {Columns(own)}.");
            }

            var groups = JsonSerializer.Deserialize(index.RowGroups, SnapshotJsonContext.Default.ListRowGroupIndex) ?? [];
            snapshots.Add(new FileSnapshot(path, file.Sha256, file.Size, index.RowCount, groups, revision));
        }

        return new SplitSnapshot(split.Name, snapshots, CardFeatures.Apply(features ?? [], cardFeatures), null);
    }

    private static string Columns(JsonObject features) => "(" + string.Join(", ", features.Select(kv => $"{kv.Key}: {kv.Value?.ToJsonString()}")) + ")";

    // The index of a file's bytes: read before (by any repository: it only describes the bytes), or read now from its footer.
    // The first file of a split also has its first rows read, so that a layout the reader cannot decode fails the split
    // here, and /splits and /is-valid say so, rather than at the first page asked for.
    private async Task<DatasetFileEntity> FileIndexAsync(RepoFile file, bool probe, Dictionary<string, DatasetFileEntity> known, List<DatasetFileEntity> added, CancellationToken cancellationToken)
    {
        if (known.TryGetValue(file.Sha256, out var cached))
        {
            return cached;
        }

        var entity = await db.DatasetFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Sha256 == file.Sha256, cancellationToken);
        if (entity is null)
        {
            entity = new DatasetFileEntity { Sha256 = file.Sha256, Size = file.Size, IndexedAt = clock.GetUtcNow() };
            try
            {
                await using var stream = blobs.OpenRandomAccess(file.Sha256);
                var index = await ParquetFileIndex.ReadAsync(stream, cancellationToken);
                entity.RowCount = index.RowCount;
                entity.RowGroups = JsonSerializer.Serialize([.. index.RowGroups], SnapshotJsonContext.Default.ListRowGroupIndex);
                entity.Features = index.Features.ToJsonString();
                if (probe && index.RowGroups.FirstOrDefault(g => g.RowCount > 0) is { } group)
                {
                    await ParquetRows.ReadAsync(() => blobs.OpenRandomAccess(file.Sha256), index, group.FirstRow, 1, cancellationToken);
                }
            }
            catch (DatasetFileException e)
            {
                entity.Error = e.Message;
            }
            catch (FileNotFoundException)
            {
                entity.Error = "The file's bytes are missing from the blob store ('hub fsck' reports it).";
            }

            added.Add(entity);
        }

        known[file.Sha256] = entity;
        return entity;
    }

    private async Task<DatasetCardData?> CardAsync(Dictionary<string, RepoFile> files, CancellationToken cancellationToken)
    {
        if (!files.TryGetValue("README.md", out var readme) || readme.Size > MaxCardBytes)
        {
            return null;
        }

        // A missing blob reads as no card.
        if (await commits.ReadSmallTextAsync(readme.Sha256, cancellationToken) is not { } text)
        {
            return null;
        }

        try
        {
            return Card.Parse(text).DatasetData;
        }
        catch (Exception e) when (e is CardValidationException or YamlLimitException)
        {
            // A card whose metadata cannot be read leaves the default layout, as on the Hub.
            logger.LogInformation("The card of a dataset could not be read ({Message}); using the default layout", e.Message);
            return null;
        }
    }
}
