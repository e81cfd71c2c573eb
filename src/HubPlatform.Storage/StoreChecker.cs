using Microsoft.EntityFrameworkCore;

namespace HubPlatform.Storage;

/// <summary>
/// <c>hub fsck</c>: checks every stored blob against its sha256 and every referenced blob for presence. Blobs nothing
/// references (left by interrupted uploads or deleted repositories) are garbage, removed with repair; a row whose blob is
/// missing or corrupt is damage, reported and never "repaired" by deleting data, except bytes pulled through from an
/// upstream, which may be absent by design and are fetched again when asked for.
/// </summary>
public sealed class StoreChecker(HubDbContext db, IBlobStore blobs, Microsoft.Extensions.Options.IOptions<StorageOptions> options)
{
    /// <summary>A multipart upload untouched this long is abandoned (its parts are kept this long so a run again can resume).</summary>
    public static readonly TimeSpan AbandonedUploadAge = TimeSpan.FromDays(1);

    public async Task<FsckReport> CheckAsync(bool repair, CancellationToken cancellationToken)
    {
        var referenced = (await db.CommitFiles.Select(f => f.Sha256).Distinct().ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var known = (await db.Blobs.Select(b => b.Sha256).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var pulled = (await db.Blobs.Where(b => b.Pulled).Select(b => b.Sha256).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var stored = blobs.List().ToHashSet(StringComparer.Ordinal);
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
        var garbage = stored.Where(s => !referenced.Contains(s)).Order(StringComparer.Ordinal).ToList();
        var removed = 0;
        var staleTemporary = blobs.RemoveStaleTemporaryFiles(TimeSpan.FromHours(1), dryRun: !repair);
        var abandoned = AbandonedUploads(repair);
        if (repair)
        {
            foreach (var sha in garbage)
            {
                blobs.Delete(sha);
                removed++;
            }

            await db.Blobs.Where(b => !referenced.Contains(b.Sha256)).ExecuteDeleteAsync(cancellationToken);
            var absentPulled = pulled.Where(s => !stored.Contains(s)).ToList();
            await db.Blobs.Where(b => absentPulled.Contains(b.Sha256)).ExecuteUpdateAsync(s => s.SetProperty(b => b.Present, false), cancellationToken);
        }

        return new FsckReport(stored.Count, referenced.Count, corrupt, missing, garbage, removed, known.Count) { StaleTemporaryFiles = staleTemporary, AbandonedUploads = abandoned };
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

    /// <summary>Whether anything a row needs is missing or wrong.</summary>
    public bool Damaged => Corrupt.Count > 0 || MissingForRows.Count > 0;
}
