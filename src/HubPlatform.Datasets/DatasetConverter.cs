using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HubPlatform.Storage;
using HubPlatform.Storage.Entities;
using HubPlatform.Storage.Trees;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HubPlatform.Datasets;

/// <summary>
/// Converts the CSV, TSV, JSON and JSON Lines splits of a dataset commit to Parquet and commits them to
/// <c>refs/convert/parquet</c> as <c>{config}/{split}/0000.parquet</c> (more parts past the size limit), as the Hub does.
/// A split is converted once per content: a commit that leaves its files alone reuses its Parquet files. Only the head of
/// the default branch is converted (the ref shows one state of the dataset, the latest); an older commit's splits are
/// served from an earlier conversion of the same files when there is one.
/// </summary>
public sealed class DatasetConverter(HubDbContext db, RepositoryService repos, CommitService commits, IBlobStore blobs, IOptions<StorageOptions> storage,
    IOptions<DatasetOptions> options, ILogger<DatasetConverter> logger)
{
    /// <summary>The ref the conversions are committed to.</summary>
    public const string RefName = "refs/convert/parquet";

    /// <summary>The author of conversion commits (the Hub's converter bot has this name).</summary>
    public const string Author = "parquet-converter";

    // Part of every conversion's key: a change to how files are converted converts them again.
    private const string ConversionVersion = "1";

    /// <summary>Whether a split's files need converting (any is not Parquet).</summary>
    public static bool NeedsConversion(SplitLayout split) =>
        split.Files.Any(f => !f.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The converted Parquet files of every split of the layout that needs them (converting and committing what was not
    /// converted before, when the commit is the default branch's head), and the conversions to record with the job's result.
    /// </summary>
    public async Task<(Dictionary<(string Config, string Split), ConvertedSplit> Splits, List<DatasetConversionEntity> Added)> ConvertAsync(
        RepositoryEntity repo, string commitId, DatasetLayout layout, IReadOnlyDictionary<string, RepoFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(files);
        var result = new Dictionary<(string, string), ConvertedSplit>();
        var added = new List<DatasetConversionEntity>();
        var wanted = layout.Configs.Where(c => c.Error is null).SelectMany(c => c.Splits.Where(NeedsConversion).Select(s => (Config: c.Name, Split: s))).ToList();
        if (wanted.Count == 0)
        {
            return (result, added);
        }

        var keys = wanted.ToDictionary(w => (w.Config, w.Split.Name), w => KeyOf(w.Config, w.Split, files));
        var keyList = keys.Values.ToList();
        var known = await db.DatasetConversions.AsNoTracking().Where(c => c.RepositoryId == repo.Id && keyList.Contains(c.SourceKey))
            .ToDictionaryAsync(c => c.SourceKey, StringComparer.Ordinal, cancellationToken);
        var isHead = await repos.ResolveAsync(repo, RepositoryService.DefaultBranch, cancellationToken) == commitId;
        var staged = new List<(DatasetConversionEntity Row, List<IStagedBlob> Blobs)>();
        try
        {
            foreach (var (config, split) in wanted)
            {
                var key = keys[(config, split.Name)];
                if (known.ContainsKey(key))
                {
                    continue;
                }

                if (!isHead)
                {
                    result[(config, split.Name)] = new ConvertedSplit([], $"Split '{split.Name}' is made of {Builder(split.Files[0]).ToUpperInvariant()} files, which are converted to Parquet for the head of the default branch only; this commit is not it, and its files were never converted.");
                    continue;
                }

                var (row, stagedBlobs) = await ConvertSplitAsync(repo, split, key, files, cancellationToken);
                staged.Add((row, stagedBlobs));
                known[key] = row;
                added.Add(row);
            }

            var head = isHead ? await CommitAsync(repo, commitId, wanted, keys, known, staged, cancellationToken) : null;
            foreach (var (config, split) in wanted.Where(w => !result.ContainsKey((w.Config, w.Split.Name))))
            {
                var row = known[keys[(config, split.Name)]];
                if (row.Error is not null)
                {
                    result[(config, split.Name)] = new ConvertedSplit([], row.Error);
                    continue;
                }

                var revision = head ?? row.ConvertCommitId!;
                var shards = ShardsOf(row);
                result[(config, split.Name)] = new ConvertedSplit([.. shards.Select((s, i) => new ConvertedShard(ShardPath(config, split.Name, i), s.Sha256, s.Size, revision))], null);
            }
        }
        finally
        {
            foreach (var blob in staged.SelectMany(s => s.Blobs))
            {
                await blob.DisposeAsync();
            }
        }

        return (result, added);
    }

    private static List<StoredShard> ShardsOf(DatasetConversionEntity row) => JsonSerializer.Deserialize(row.Shards, SnapshotJsonContext.Default.ListStoredShard) ?? [];

    /// <summary>The path of a split's part on the conversion ref.</summary>
    public static string ShardPath(string config, string split, int index) => $"{config}/{split}/{index:D4}.parquet";

    /// <summary>The <c>datasets</c> builder that reads a data file (<c>parquet</c>, <c>csv</c>, <c>json</c>), by its extension.</summary>
    public static string Builder(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" or ".tsv" => "csv",
        ".json" or ".jsonl" => "json",
        _ => "parquet",
    };

    private static string KeyOf(string config, SplitLayout split, IReadOnlyDictionary<string, RepoFile> files) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{ConversionVersion}\n{config}\n{split.Name}\n" + string.Join('\n', split.Files.Select(f => $"{Path.GetExtension(f).ToLowerInvariant()} {files[f].Sha256}")))));

    // Converts one split's files into staged blobs; a file that cannot be converted gives a recorded failure instead.
    private async Task<(DatasetConversionEntity Row, List<IStagedBlob> Blobs)> ConvertSplitAsync(RepositoryEntity repo, SplitLayout split, string key, IReadOnlyDictionary<string, RepoFile> files, CancellationToken cancellationToken)
    {
        var row = new DatasetConversionEntity { RepositoryId = repo.Id, SourceKey = key, Shards = "[]", CreatedAt = DateTimeOffset.UtcNow };
        var stagedBlobs = new List<IStagedBlob>();
        var folder = Path.Combine(storage.Value.DataDirectory, "tmp", "convert", Guid.NewGuid().ToString("N"));
        await using var shards = new ParquetShards(folder, options.Value.ConversionShardBytes);
        try
        {
            var builders = split.Files.Select(Builder).Distinct().ToList();
            if (builders.Count != 1 || builders[0] == "parquet")
            {
                throw new DatasetFileException($"Split '{split.Name}' mixes file formats ({string.Join(", ", split.Files.Select(Path.GetExtension).Distinct())}); the files of a split must share one.");
            }

            var sources = split.Files.Select(f => (f, (Func<Stream>)(() => blobs.OpenRead(files[f].Sha256)))).ToList();
            var rows = builders[0] == "csv"
                ? await CsvConversion.ConvertAsync(sources, split.Files[0].EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',', shards, options.Value.ConversionRowGroupRows, cancellationToken)
                : await JsonConversion.ConvertAsync(sources, shards, options.Value.ConversionRowGroupRows, cancellationToken);
            var stored = new List<StoredShard>();
            foreach (var file in shards.Files)
            {
                await using var stream = File.OpenRead(file);
                var blob = await blobs.StageAsync(stream, long.MaxValue, cancellationToken);
                stagedBlobs.Add(blob);
                stored.Add(new StoredShard(blob.Sha256, blob.Size));
            }

            row.Shards = JsonSerializer.Serialize(stored, SnapshotJsonContext.Default.ListStoredShard);
            logger.LogInformation("Converted split {Split} ({Files} files) to {Shards} Parquet files, {Rows} rows", split.Name, split.Files.Count, stored.Count, rows);
        }
        catch (DatasetFileException e)
        {
            row.Error = e.Message;
        }
        catch (FileNotFoundException)
        {
            row.Error = "A data file's bytes are missing from the blob store ('hub fsck' reports it).";
        }

        return (row, stagedBlobs);
    }

    // Makes refs/convert/parquet hold exactly the converted splits of this commit, changing only the files that differ;
    // returns its head, which every converted split is then at.
    private async Task<string?> CommitAsync(RepositoryEntity repo, string commitId, List<(string Config, SplitLayout Split)> wanted, Dictionary<(string, string), string> keys,
        Dictionary<string, DatasetConversionEntity> known, List<(DatasetConversionEntity Row, List<IStagedBlob> Blobs)> staged, CancellationToken cancellationToken)
    {
        var stagedBy = staged.SelectMany(s => s.Blobs).GroupBy(b => b.Sha256).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var desired = new Dictionary<string, StoredShard>(StringComparer.Ordinal);
        foreach (var (config, split) in wanted)
        {
            var row = known[keys[(config, split.Name)]];
            if (row.Error is null)
            {
                var shards = ShardsOf(row);
                for (var i = 0; i < shards.Count; i++)
                {
                    desired[ShardPath(config, split.Name, i)] = shards[i];
                }
            }
        }

        var head = await repos.ResolveAsync(repo, RefName, cancellationToken);
        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        if (head is not null)
        {
            await foreach (var file in repos.AllFilesAsync(repo, head, cancellationToken))
            {
                current[file.Path] = file.Sha256;
            }
        }

        var operations = new List<CommitOperation>();
        operations.AddRange(current.Keys.Where(p => p != ".gitattributes" && !desired.ContainsKey(p)).Select(p => new DeleteFileOperation(p)));
        foreach (var (path, shard) in desired.Where(d => current.GetValueOrDefault(d.Key) != d.Value.Sha256))
        {
            operations.Add(new AddFileOperation(path, shard.Sha256, shard.Size, Lfs: true, GitBlobId: null) { Staged = stagedBy.GetValueOrDefault(shard.Sha256) });
        }

        if (operations.Count == 0)
        {
            return head;
        }

        // The commit takes the staged blobs it publishes (and disposes them); the others are disposed by the caller.
        var id = await commits.CommitAsync(repo, new CommitRequest
        {
            Branch = RefName, RefName = RefName, ParentCommit = head, AuthorName = Author, Operations = operations,
            Title = "Update parquet files", Description = $"Converted from commit {commitId}.",
        }, cancellationToken);
        foreach (var (row, _) in staged.Where(s => s.Row.Error is null))
        {
            row.ConvertCommitId = id;
        }

        return id;
    }
}

/// <summary>One Parquet file of a conversion, as recorded.</summary>
/// <param name="Sha256">Its content's sha256.</param>
/// <param name="Size">Its size.</param>
public sealed record StoredShard(string Sha256, long Size);
