using HubPlatform.Client;
using HubPlatform.Hub;
using HubPlatform.Hub.Api;
using HubPlatform.Storage;
using Microsoft.Extensions.Logging;

namespace HubPlatform.Mirror;

/// <summary>
/// <c>hub mirror sync</c> and pull-through: copies a repository from any Hub-compatible endpoint through
/// <see cref="HubClient"/>, keeping upstream's commit ids and binding each branch and tag to the commit it has upstream.
/// History is copied oldest first along the order upstream lists it, one commit (one transaction) at a time, and stops at
/// the first commit already here, so an interrupted run resumes and a second run copies only what changed. Files already
/// stored (by sha256 for LFS files, by git blob id for the rest) are not fetched again; every fetched file is checked
/// against its git blob id or sha256 and size before anything refers to it.
/// </summary>
public sealed class MirrorSync(RepositoryService repos, CommitService commits, IBlobStore blobs, ILogger<MirrorSync> logger)
{
    /// <summary>Syncs all branches and tags (or one revision, bound under its own name) and returns what was copied.</summary>
    public async Task<SyncResult> SyncAsync(HubClient upstream, RepoType type, RepoId id, Revision? revision, CancellationToken cancellationToken, SyncOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(id);
        options ??= new SyncOptions();
        RepoInfo info = type switch
        {
            RepoType.Model => await upstream.Models.GetAsync(id, cancellationToken: cancellationToken),
            RepoType.Dataset => await upstream.Datasets.GetAsync(id, cancellationToken: cancellationToken),
            _ => throw new HubProblemException(400, "Only models and datasets can be synced."),
        };
        var repo = await repos.FindAsync(type, id, cancellationToken)
                   ?? await repos.CreateEmptyAsync(type, id, info.Private == true, cancellationToken, fromUpstream: options.Pull);

        // Upstream's gate comes along, so files gated there are gated here too (access is then asked for on the mirror).
        // A gate set here is not lifted by an ungated upstream.
        if (info.Gated is GateMode.Auto or GateMode.Manual && (info.Gated == GateMode.Auto ? "auto" : "manual") is var gate && repo.Gated != gate)
        {
            await repos.UpdateSettingsAsync(repo, null, gate, cancellationToken);
            repo.Gated = gate;
        }

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
            await SyncHistoryAsync(new Source(upstream, type, id, repo, options), commitId, refNames, result, cancellationToken);
        }

        if (options.Pull)
        {
            await repos.MarkUpstreamCheckedAsync(repo, cancellationToken);
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

    private sealed record Source(HubClient Upstream, RepoType Type, RepoId Id, Storage.Entities.RepositoryEntity Repo, SyncOptions Options);

    private async Task SyncHistoryAsync(Source source, string commitId, List<string> refNames, SyncResult result, CancellationToken ct)
    {
        if (await repos.CommitAsync(source.Repo, commitId, ct) is not null)
        {
            await commits.ImportCommitAsync(source.Repo, new ImportedCommit { Id = commitId, Title = string.Empty, AuthorName = string.Empty, Files = [] }, refNames, ct);
            result.CommitsSkipped++;
            return;
        }

        // Newest first, down to the first commit already here (or the depth); the commit after the last one taken is its parent.
        var missing = new List<CommitInfo>();
        string? oldestParent = null;
        await foreach (var c in source.Upstream.Repos.ListCommitsAsync(source.Id, source.Type, Revision.Parse(commitId), ct))
        {
            if (missing.Count == source.Options.Depth || (missing.Count > 0 && await repos.CommitAsync(source.Repo, c.Id, ct) is not null))
            {
                oldestParent = c.Id;
                break;
            }

            missing.Add(c);
        }

        if (missing.Count == 0 || !string.Equals(missing[0].Id, commitId, StringComparison.OrdinalIgnoreCase))
        {
            throw new HubProblemException(502, $"The upstream's history of {source.Id} does not start at {commitId}.");
        }

        for (var i = missing.Count - 1; i >= 0; i--)
        {
            var parent = i + 1 < missing.Count ? missing[i + 1].Id : oldestParent;
            await SyncCommitAsync(source, missing[i], parent, i == 0 ? refNames : [], result, ct);
        }
    }

    private async Task SyncCommitAsync(Source source, CommitInfo meta, string? parent, List<string> refNames, SyncResult result, CancellationToken ct)
    {
        var at = Revision.Parse(meta.Id);
        var files = new List<ImportedFile>();
        await foreach (var entry in source.Upstream.Repos.ListTreeAsync(source.Id, source.Type, at, recursive: true, cancellationToken: ct))
        {
            if (entry.IsFile)
            {
                files.Add(await EnsureFileAsync(source, at, entry, result, ct));
            }
        }

        await commits.ImportCommitAsync(source.Repo, new ImportedCommit
        {
            Id = meta.Id,
            ParentId = parent,
            Title = meta.Title ?? string.Empty,
            Description = string.IsNullOrWhiteSpace(meta.Message) ? null : meta.Message,
            AuthorName = meta.Authors.FirstOrDefault()?.User ?? "upstream",
            Date = meta.Date ?? DateTimeOffset.UtcNow,
            Files = files,
            Pulled = source.Options.Pull,
        }, refNames, ct);
        result.CommitsCopied++;
        logger.LogInformation("Synced {Repo} commit {Commit} ({Files} files)", source.Id, meta.Id, files.Count);
    }

    private async Task<ImportedFile> EnsureFileAsync(Source source, Revision at, TreeEntry entry, SyncResult result, CancellationToken ct)
    {
        var (upstream, type, id) = (source.Upstream, source.Type, source.Id);
        if (entry.Lfs is { } lfs)
        {
            if (!Sha256Hash.IsSha256(lfs.Oid))
            {
                throw new HubProblemException(502, $"Upstream lists '{entry.Path}' with LFS oid '{lfs.Oid}', which is not a sha256.");
            }

            if (blobs.SizeOf(lfs.Oid) != lfs.Size && !source.Options.Pull)
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

        if (await commits.Sha256ForBlobIdAsync(entry.Oid, ct) is { } known && blobs.Exists(known))
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
