using HubPlatform.Client;
using HubPlatform.Hub;
using HubPlatform.Hub.Api;
using HubPlatform.Storage;
using Microsoft.Extensions.Logging;

namespace HubPlatform.Mirror;

/// <summary>
/// <c>hub mirror sync</c>: copies a repository from any Hub-compatible endpoint through <see cref="HubClient"/>, keeping
/// upstream's commit ids and binding each branch and tag to the commit it has upstream. Files already stored (by sha256 for
/// LFS files, by git blob id for the rest) are not fetched again, so a second run copies only what changed; every fetched
/// file is checked against its git blob id or sha256 and size before anything refers to it.
/// </summary>
public sealed class MirrorSync(RepositoryService repos, IBlobStore blobs, ILogger<MirrorSync> logger)
{
    /// <summary>Syncs all branches and tags (or one revision, bound under its own name) and returns what was copied.</summary>
    public async Task<SyncResult> SyncAsync(HubClient upstream, RepoType type, RepoId id, Revision? revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(id);
        RepoInfo info = type switch
        {
            RepoType.Model => await upstream.Models.GetAsync(id, cancellationToken: cancellationToken),
            RepoType.Dataset => await upstream.Datasets.GetAsync(id, cancellationToken: cancellationToken),
            _ => throw new HubProblemException(400, "Only models and datasets can be synced."),
        };
        var repo = await repos.FindAsync(type, id, cancellationToken) ?? await repos.CreateEmptyAsync(type, id, info.Private == true, cancellationToken);

        var targets = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (revision is not null)
        {
            var commit = await upstream.Repos.ResolveCommitAsync(id, type, revision, cancellationToken);
            Add(targets, commit, revision.IsCommitId ? [] : ["refs/heads/" + revision.Value]);
        }
        else
        {
            var refs = await upstream.Repos.GetRefsAsync(id, type, cancellationToken: cancellationToken);
            foreach (var branch in refs.Branches)
            {
                Add(targets, branch.TargetCommit, ["refs/heads/" + branch.Name]);
            }

            foreach (var tag in refs.Tags)
            {
                Add(targets, tag.TargetCommit, ["refs/tags/" + tag.Name]);
            }
        }

        var result = new SyncResult();
        foreach (var (commitId, refNames) in targets)
        {
            await SyncCommitAsync(upstream, type, id, repo, commitId, refNames, result, cancellationToken);
        }

        return result;
    }

    private static void Add(Dictionary<string, List<string>> targets, string commit, IEnumerable<string> names)
    {
        if (!targets.TryGetValue(commit, out var list))
        {
            targets[commit] = list = [];
        }

        list.AddRange(names);
    }

    private async Task SyncCommitAsync(HubClient upstream, RepoType type, RepoId id, Storage.Entities.RepositoryEntity repo, string commitId, List<string> refNames, SyncResult result, CancellationToken ct)
    {
        if (await repos.CommitAsync(repo, commitId, ct) is not null)
        {
            await repos.ImportCommitAsync(repo, new ImportedCommit { Id = commitId, Title = string.Empty, AuthorName = string.Empty, Files = [] }, refNames, ct);
            result.CommitsSkipped++;
            return;
        }

        var at = Revision.Parse(commitId);
        var files = new List<ImportedFile>();
        await foreach (var entry in upstream.Repos.ListTreeAsync(id, type, at, recursive: true, cancellationToken: ct))
        {
            if (!entry.IsFile)
            {
                continue;
            }

            files.Add(await EnsureFileAsync(upstream, type, id, at, entry, result, ct));
        }

        CommitInfo? meta = null;
        await foreach (var c in upstream.Repos.ListCommitsAsync(id, type, at, ct))
        {
            meta = c;
            break;
        }

        var parent = (await repos.RefsAsync(repo, ct)).FirstOrDefault(r => refNames.Contains(r.Name))?.CommitId;
        await repos.ImportCommitAsync(repo, new ImportedCommit
        {
            Id = commitId,
            ParentId = parent,
            Title = meta?.Title ?? "Synced from upstream",
            Description = string.IsNullOrWhiteSpace(meta?.Message) ? null : meta!.Message,
            AuthorName = meta?.Authors.FirstOrDefault()?.User ?? "upstream",
            Date = meta?.Date ?? DateTimeOffset.UtcNow,
            Files = files,
        }, refNames, ct);
        result.CommitsCopied++;
        logger.LogInformation("Synced {Repo} commit {Commit} ({Files} files)", id, commitId, files.Count);
    }

    private async Task<ImportedFile> EnsureFileAsync(HubClient upstream, RepoType type, RepoId id, Revision at, TreeEntry entry, SyncResult result, CancellationToken ct)
    {
        if (entry.Lfs is { } lfs)
        {
            if (blobs.SizeOf(lfs.Oid) != lfs.Size)
            {
                await using var stream = await upstream.Files.OpenReadAsync(id, entry.Path, at, type, ct);
                try
                {
                    await blobs.WriteAsync(stream, lfs.Oid, lfs.Size, lfs.Size, ct);
                }
                catch (BlobMismatchException e)
                {
                    throw new HubProblemException(502, $"Upstream sent bad bytes for '{entry.Path}': {e.Message}");
                }

                result.FilesCopied++;
                result.BytesCopied += lfs.Size;
            }

            return new ImportedFile(entry.Path, entry.Oid, lfs.Size, lfs.Oid.ToLowerInvariant(), true);
        }

        if (await repos.Sha256ForBlobIdAsync(entry.Oid, ct) is { } known && blobs.Exists(known))
        {
            return new ImportedFile(entry.Path, entry.Oid, entry.Size, known, false);
        }

        await using (var stream = await upstream.Files.OpenReadAsync(id, entry.Path, at, type, ct))
        {
            var stored = await blobs.WriteAsync(stream, null, entry.Size, entry.Size, ct);
            await using var check = blobs.OpenRead(stored.Sha256);
            var blobId = await GitBlobId.ComputeAsync(check, stored.Size, ct);
            if (!string.Equals(blobId, entry.Oid, StringComparison.OrdinalIgnoreCase))
            {
                throw new HubProblemException(502, $"Upstream sent bytes for '{entry.Path}' whose git blob id is {blobId}, not {entry.Oid}.");
            }

            result.FilesCopied++;
            result.BytesCopied += stored.Size;
            return new ImportedFile(entry.Path, entry.Oid, stored.Size, stored.Sha256, false);
        }
    }
}

/// <summary>What a sync copied.</summary>
public sealed class SyncResult
{
    public int CommitsCopied { get; set; }

    public int CommitsSkipped { get; set; }

    public int FilesCopied { get; set; }

    public long BytesCopied { get; set; }
}
