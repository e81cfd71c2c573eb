using HubPlatform.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace HubPlatform.Storage;

/// <summary>
/// Which LFS objects belong to which repository. The blob store keeps one copy of each content, but an object is reached
/// (batch download, signed link, <c>lfsFile</c> commit line) only through a repository that owns it: one whose commits
/// reference it, or one a writer uploaded it to (a pending upload, visible to the repository's writers only).
/// </summary>
public sealed class LfsObjects(HubDbContext db, TimeProvider clock)
{
    private const int Chunk = 500;

    /// <summary>The objects among <paramref name="sha256s"/> that a repository owns, by sha256.</summary>
    public async Task<Dictionary<string, RepoObjectEntity>> OwnedAsync(long repositoryId, IEnumerable<string> sha256s, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sha256s);
        var owned = new Dictionary<string, RepoObjectEntity>(StringComparer.Ordinal);
        foreach (var chunk in sha256s.Select(s => s.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Chunk(Chunk))
        {
            foreach (var row in await db.RepoObjects.AsNoTracking().Where(o => o.RepositoryId == repositoryId && chunk.Contains(o.Sha256)).ToListAsync(cancellationToken))
            {
                owned[row.Sha256] = row;
            }
        }

        return owned;
    }

    /// <summary>Records that a writer uploaded an object through a repository (nothing changes when the repository owns it already).</summary>
    public async Task RecordUploadAsync(long repositoryId, string sha256, long size, long uploaderId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        var key = sha256.ToLowerInvariant();
        if (await db.RepoObjects.AnyAsync(o => o.RepositoryId == repositoryId && o.Sha256 == key, cancellationToken))
        {
            return;
        }

        db.RepoObjects.Add(new RepoObjectEntity { RepositoryId = repositoryId, Sha256 = key, Size = size, CreatedAt = clock.GetUtcNow(), UploaderId = uploaderId });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another upload of the same object recorded it first: the repository owns it either way.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Records that a repository's commits reference objects (a commit, a sync or a conversion): missing rows are added and
    /// pending uploads become committed. Saved with the caller's transaction.
    /// </summary>
    public async Task RecordReferencedAsync(long repositoryId, IEnumerable<(string Sha256, long Size)> objects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var wanted = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (sha256, size) in objects)
        {
            wanted[sha256.ToLowerInvariant()] = size;
        }

        var now = clock.GetUtcNow();
        foreach (var chunk in wanted.Keys.Chunk(Chunk))
        {
            var known = await db.RepoObjects.AsNoTracking().Where(o => o.RepositoryId == repositoryId && chunk.Contains(o.Sha256))
                .Select(o => new { o.Sha256, o.UploaderId }).ToListAsync(cancellationToken);
            var pending = known.Where(k => k.UploaderId is not null).Select(k => k.Sha256).ToList();
            if (pending.Count > 0)
            {
                await db.RepoObjects.Where(o => o.RepositoryId == repositoryId && pending.Contains(o.Sha256))
                    .ExecuteUpdateAsync(s => s.SetProperty(o => o.UploaderId, (long?)null), cancellationToken);
            }

            var present = known.Select(k => k.Sha256).ToHashSet(StringComparer.Ordinal);
            foreach (var sha256 in chunk.Where(s => !present.Contains(s)))
            {
                db.RepoObjects.Add(new RepoObjectEntity { RepositoryId = repositoryId, Sha256 = sha256, Size = wanted[sha256], CreatedAt = now });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
