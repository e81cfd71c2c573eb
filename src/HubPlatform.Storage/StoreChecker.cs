using HubPlatform.Storage.Trees;
using Microsoft.EntityFrameworkCore;

namespace HubPlatform.Storage;

/// <summary>
/// <c>hub fsck</c>: checks every stored blob against its sha256 and every referenced blob for presence. Blobs nothing
/// references (left by interrupted uploads or deleted repositories) are garbage, removed with repair; a row whose blob is
/// missing or corrupt is damage, reported and never "repaired" by deleting data, except bytes pulled through from an
/// upstream, which may be absent by design and are fetched again when asked for. Repair is safe while a server runs: it
/// keeps blobs written within the grace period and, deciding in the same transaction as each removal, blobs a repository
/// owns or a commit referenced since the scan began.
/// </summary>
public sealed class StoreChecker(HubDbContext db, IBlobStore blobs, TreeStore trees, Microsoft.Extensions.Options.IOptions<StorageOptions> options, TimeProvider clock)
{
    /// <summary>A multipart upload untouched this long is abandoned (its parts are kept this long so a run again can resume).</summary>
    public static readonly TimeSpan AbandonedUploadAge = TimeSpan.FromDays(1);

    private const int RemovalChunk = 200;

    public async Task<FsckReport> CheckAsync(bool repair, CancellationToken cancellationToken)
    {
        var scanStart = clock.GetUtcNow();
        var treeProblems = new List<string>();
        var referenced = await ReferencedAsync(treeProblems, cancellationToken);
        var known = (await db.Blobs.Select(b => b.Sha256).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var pulled = (await db.Blobs.Where(b => b.Pulled).Select(b => b.Sha256).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var stored = blobs.List().ToHashSet(StringComparer.Ordinal);
        if (repair)
        {
            // Uploads not committed within a day are abandoned, as multipart parts are: the repository lets go of them.
            var abandonedSince = scanStart - AbandonedUploadAge;
            await db.RepoObjects.Where(o => o.UploaderId != null && o.CreatedAt < abandonedSince).ExecuteDeleteAsync(cancellationToken);
        }

        var owned = (await db.RepoObjects.Select(o => o.Sha256).Distinct().ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var corrupt = new List<string>();
        foreach (var sha in stored)
        {
            await using var stream = blobs.OpenRead(sha);
            if (!string.Equals(await Hub.Sha256Hash.ComputeAsync(stream, cancellationToken), sha, StringComparison.Ordinal))
            {
                corrupt.Add(sha);
            }
        }

        // Pulled bytes may be absent by design (not fetched yet, or evicted): upstream has them.
        var missing = referenced.Where(s => !stored.Contains(s) && !pulled.Contains(s)).Order(StringComparer.Ordinal).ToList();
        var garbage = stored.Where(s => !referenced.Contains(s) && !owned.Contains(s)).Order(StringComparer.Ordinal).ToList();
        var staleTemporary = blobs.RemoveStaleTemporaryFiles(TimeSpan.FromHours(1), dryRun: !repair);
        var abandoned = AbandonedUploads(repair);
        var removal = new Removal();
        if (repair)
        {
            // Rows without bytes that nothing references go too (a deleted repository's pulled blobs never fetched).
            var candidates = garbage.Concat(known.Where(s => !stored.Contains(s) && !referenced.Contains(s) && !owned.Contains(s))).ToList();
            foreach (var chunk in candidates.Chunk(RemovalChunk))
            {
                await RemoveAsync(chunk, scanStart, removal, cancellationToken);
            }

            var absentPulled = pulled.Where(s => !stored.Contains(s)).ToList();
            foreach (var chunk in absentPulled.Chunk(RemovalChunk))
            {
                await db.Blobs.Where(b => chunk.Contains(b.Sha256)).ExecuteUpdateAsync(s => s.SetProperty(b => b.Present, false), cancellationToken);
            }
        }

        return new FsckReport(stored.Count, referenced.Count, corrupt, missing, garbage, removal.Removed, known.Count)
        {
            StaleTemporaryFiles = staleTemporary, AbandonedUploads = abandoned, TreeProblems = treeProblems,
            SkippedYoung = removal.Young, SkippedReferenced = removal.Referenced, GracePeriod = options.Value.FsckGracePeriod,
        };
    }

    // Removes unreferenced blobs and their rows, deciding for each inside one write transaction: a commit or an upload that
    // landed since the scan began (a row referenced after it, or an owner) keeps it, and so does a recent write.
    private async Task RemoveAsync(string[] chunk, DateTimeOffset scanStart, Removal removal, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var recentlyReferenced = (await db.Blobs.Where(b => chunk.Contains(b.Sha256) && b.ReferencedAt != null && b.ReferencedAt >= scanStart).Select(b => b.Sha256).ToListAsync(cancellationToken))
            .Concat(await db.RepoObjects.Where(o => chunk.Contains(o.Sha256)).Select(o => o.Sha256).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var youngest = clock.GetUtcNow() - options.Value.FsckGracePeriod;
        var gone = new List<string>();
        foreach (var sha in chunk)
        {
            if (recentlyReferenced.Contains(sha))
            {
                removal.Referenced.Add(sha);
            }
            else if (blobs.WrittenAt(sha) is { } written && written > youngest)
            {
                removal.Young.Add(sha);
            }
            else
            {
                gone.Add(sha);
            }
        }

        await db.Blobs.Where(b => gone.Contains(b.Sha256)).ExecuteDeleteAsync(cancellationToken);
        foreach (var sha in gone)
        {
            if (blobs.Exists(sha))
            {
                blobs.Delete(sha);
                removal.Removed++;
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    // Every sha256 a tree node (or a commit not converted to trees yet) refers to. On the way, every node is decoded, every
    // folder's git id is recomputed from its entries, and every commit's root must be its recorded tree.
    private async Task<HashSet<string>> ReferencedAsync(List<string> problems, CancellationToken cancellationToken)
    {
        var referenced = (await db.CommitFiles.Select(f => f.Sha256).Distinct().ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var roots = new Dictionary<long, string>();
        var chunkedRoots = new List<long>();
        await foreach (var row in trees.ScanAsync(null, cancellationToken))
        {
            try
            {
                var node = TreeEncoding.Decode(row.Data, row.GitId, row.FileCount, row.TotalSize);
                foreach (var item in node.Items ?? [])
                {
                    if (!item.IsDirectory)
                    {
                        referenced.Add(item.Sha256!);
                    }
                }

                if (row.GitId is null)
                {
                    continue;
                }

                roots[row.Id] = row.GitId;
                if (node.Items is { } entries)
                {
                    CheckGitId(row.Id, entries, row.GitId, problems);
                }
                else
                {
                    // A large folder's entries are in its chunks, read once the scan is done.
                    chunkedRoots.Add(row.Id);
                }
            }
            catch (InvalidDataException e)
            {
                problems.Add($"tree node {row.Id}: {e.Message}");
            }
        }

        foreach (var id in chunkedRoots)
        {
            try
            {
                var entries = new List<TreeItem>();
                await foreach (var item in trees.EntriesAsync(id, null, false, cancellationToken))
                {
                    entries.Add(item);
                }

                CheckGitId(id, entries, roots[id], problems);
            }
            catch (InvalidDataException e)
            {
                problems.Add($"tree node {id}: {e.Message}");
            }
        }

        var commits = await db.Commits.AsNoTracking().Select(c => new { c.RepositoryId, c.Id, c.TreeId, c.RootTreeId }).ToListAsync(cancellationToken);
        foreach (var c in commits)
        {
            if (c.RootTreeId is null)
            {
                problems.Add($"commit {c.Id} (repository {c.RepositoryId}) has no tree: it was not converted");
            }
            else if (!roots.TryGetValue(c.RootTreeId.Value, out var rootGitId) || rootGitId != c.TreeId)
            {
                problems.Add($"commit {c.Id} (repository {c.RepositoryId}): its root node {c.RootTreeId} is not its tree {c.TreeId}");
            }
        }

        return referenced;
    }

    private sealed class Removal
    {
        public int Removed { get; set; }

        public List<string> Young { get; } = [];

        public List<string> Referenced { get; } = [];
    }

    private static void CheckGitId(long id, IReadOnlyList<TreeItem> entries, string gitId, List<string> problems)
    {
        if (TreeBuilder.GitTreeId(entries) is var actual && actual != gitId)
        {
            problems.Add($"tree node {id}: its entries hash to {actual}, not to its recorded git id {gitId}");
        }
    }

    // Folders of multipart uploads whose newest part is older than a day; removed with repair.
    private int AbandonedUploads(bool repair)
    {
        var root = options.Value.UploadsDirectory;
        if (!Directory.Exists(root))
        {
            return 0;
        }

        var limit = DateTime.UtcNow - AbandonedUploadAge;
        var stale = Directory.EnumerateDirectories(root)
            .Where(d => Directory.EnumerateFiles(d).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(Directory.GetLastWriteTimeUtc(d)).Max() < limit)
            .ToList();
        if (repair)
        {
            stale.ForEach(d => Directory.Delete(d, recursive: true));
        }

        return stale.Count;
    }
}

/// <summary>What <see cref="StoreChecker"/> found.</summary>
public sealed record FsckReport(int StoredBlobs, int ReferencedBlobs, IReadOnlyList<string> Corrupt, IReadOnlyList<string> MissingForRows, IReadOnlyList<string> Unreferenced, int Removed, int BlobRows)
{
    /// <summary>Temporary upload files older than an hour (left by killed processes; removed with repair).</summary>
    public int StaleTemporaryFiles { get; init; }

    /// <summary>Multipart uploads not touched for a day (never completed; removed with repair).</summary>
    public int AbandonedUploads { get; init; }

    /// <summary>Tree nodes that do not decode or whose entries do not hash to their git id, and commits without a sound root.</summary>
    public IReadOnlyList<string> TreeProblems { get; init; } = [];

    /// <summary>Unreferenced blobs repair kept because they were written within <see cref="GracePeriod"/>.</summary>
    public IReadOnlyList<string> SkippedYoung { get; init; } = [];

    /// <summary>Unreferenced blobs repair kept because a commit or an upload referenced them while it ran.</summary>
    public IReadOnlyList<string> SkippedReferenced { get; init; } = [];

    /// <summary>The grace period repair used.</summary>
    public TimeSpan GracePeriod { get; init; }

    /// <summary>Whether anything a row needs is missing or wrong.</summary>
    public bool Damaged => Corrupt.Count > 0 || MissingForRows.Count > 0 || TreeProblems.Count > 0;
}
