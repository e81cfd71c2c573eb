using System.Text;
using HubPlatform.Hub;
using HubPlatform.Storage.Entities;
using HubPlatform.Storage.Trees;
using Microsoft.EntityFrameworkCore;

namespace HubPlatform.Storage;

/// <summary>
/// Makes commits: from a client's operations (on a branch, which only moves if it still points where the committer saw
/// it) or as a copy of a commit made elsewhere (sync and pull-through). A commit writes the nodes of the folders it
/// changes, one commit row, and rows for blobs it brings, all in one transaction; the card and search index are updated
/// only when the commit changed the default branch's README.
/// </summary>
public sealed class CommitService(HubDbContext db, IBlobStore blobs, TreeStore trees, LfsObjects lfsObjects, JobQueue jobs, IEnumerable<IJobPlanner> planners, ISearchIndex search, ICardSummarizer cards, RowCache rows, TimeProvider clock)
{
    private const long MaxReadTextBytes = 10 * 1000 * 1000;
    private const string HeadsPrefix = "refs/heads/";

    /// <summary>
    /// Makes a commit on a branch in one transaction and returns its id.
    /// </summary>
    /// <exception cref="HubProblemException">404 for a missing branch or a deleted path that does not exist, 412 when the
    /// branch moved since <see cref="CommitRequest.ParentCommit"/> (or during the commit), 400 for an LFS object never uploaded
    /// or a path that runs through a file.</exception>
    public async Task<string> CommitAsync(RepositoryEntity repo, CommitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(request);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var id = await CommitInTransactionAsync(repo, request, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        rows.ForgetRepository(repo);
        return id;
    }

    /// <summary>
    /// As <see cref="CommitAsync"/>, inside a transaction the caller holds (repository creation). The operations' staged
    /// contents are published (flushed together) once everything else is checked and written, and discarded if the commit fails.
    /// </summary>
    public async Task<string> CommitInTransactionAsync(RepositoryEntity repo, CommitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(request);
        var staged = request.Operations.OfType<AddFileOperation>().Select(a => a.Staged).OfType<IStagedBlob>().ToList();
        try
        {
            return await CommitStagedAsync(repo, request, staged, cancellationToken);
        }
        finally
        {
            foreach (var blob in staged)
            {
                await blob.DisposeAsync();
            }
        }
    }

    private async Task<string> CommitStagedAsync(RepositoryEntity repo, CommitRequest request, List<IStagedBlob> staged, CancellationToken cancellationToken)
    {
        var ownRef = request.RefName is not null;
        if (ownRef && request.RefName!.StartsWith(HeadsPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException("A branch is named by CommitRequest.Branch.", nameof(request));
        }

        var refName = request.RefName ?? HeadsPrefix + request.Branch;
        var head = await db.Refs.AsNoTracking().Where(r => r.RepositoryId == repo.Id && r.Name == refName).Select(r => r.CommitId).FirstOrDefaultAsync(cancellationToken);
        if (head is null && !ownRef && await db.Commits.AnyAsync(c => c.RepositoryId == repo.Id, cancellationToken))
        {
            throw new HubProblemException(404, $"Branch '{request.Branch}' does not exist.", "RevisionNotFound");
        }

        if (request.ParentCommit is { } parent && !string.Equals(parent, head, StringComparison.OrdinalIgnoreCase))
        {
            throw new HubProblemException(412, $"A commit has happened since: parent commit {parent} is not the head of '{request.Branch}' ({head}).");
        }

        var root = head is null ? null : await RootOfAsync(repo.Id, head, cancellationToken);
        var sequence = await NextSequenceAsync(repo.Id, cancellationToken);
        var builder = new TreeBuilder(trees, repo.Id, sequence, root);
        var attributesFile = await builder.FileAsync(".gitattributes", cancellationToken);
        var attributesText = attributesFile is null ? null : await ReadSmallTextAsync(attributesFile.Sha256!, cancellationToken);
        var pending = new Dictionary<string, IStagedBlob>(StringComparer.Ordinal);
        foreach (var blob in staged)
        {
            pending[blob.Sha256] = blob;
        }

        var attributes = new GitAttributes(attributesText);
        var extraRules = new StringBuilder();
        var added = new List<AddFileOperation>();
        var owned = await lfsObjects.OwnedAsync(repo.Id, request.Operations.OfType<AddFileOperation>().Where(a => a.Lfs).Select(a => a.Sha256), cancellationToken);
        foreach (var operation in request.Operations)
        {
            switch (operation)
            {
                case AddFileOperation candidate:
                    // An LFS object is committed only through a repository that owns it (uploaded to it, or already in its
                    // history), whatever else the shared store holds; a line without a size copies the owned object.
                    var add = candidate.Lfs && candidate.Size < 0 && owned.TryGetValue(candidate.Sha256, out var known) ? candidate with { Size = known.Size } : candidate;
                    // Content the server made itself (a conversion) comes with its bytes staged, which the commit checks instead.
                    var fromServer = ownRef && add.Staged is not null;
                    if ((add.Lfs && !fromServer && (!owned.TryGetValue(add.Sha256, out var own) || own.Size != add.Size))
                        || (add.Staged is null ? blobs.SizeOf(add.Sha256) : add.Staged.Size) != add.Size)
                    {
                        throw new HubProblemException(400, $"The LFS object {add.Sha256} of '{add.Path}' was never uploaded to this repository (or has another size).");
                    }

                    var blobId = add.Lfs ? new LfsPointer(add.Sha256, add.Size).GitBlobId : add.GitBlobId ?? throw new ArgumentException("Regular files need their git blob id.", nameof(request));
                    await builder.AddFileAsync(add.Path, blobId, add.Size, add.Sha256, add.Lfs, cancellationToken);
                    added.Add(add);
                    if (add.Lfs && add.Path != ".gitattributes" && !attributes.IsLfs(add.Path))
                    {
                        extraRules.Append(GitAttributes.RuleFor(add.Path));
                    }

                    break;
                case DeleteFileOperation delete:
                    if (!await builder.DeleteFileAsync(delete.Path, cancellationToken))
                    {
                        throw new HubProblemException(404, $"'{delete.Path}' does not exist on '{request.Branch}', so it cannot be deleted.", "EntryNotFound");
                    }

                    break;
                case DeleteFolderOperation folder:
                    if (!await builder.DeleteFolderAsync(folder.Path, cancellationToken))
                    {
                        throw new HubProblemException(404, $"Folder '{folder.Path}' does not exist on '{request.Branch}'.", "EntryNotFound");
                    }

                    break;
            }
        }

        if (extraRules.Length > 0)
        {
            var current = await builder.FileAsync(".gitattributes", cancellationToken) is { } latest && latest != attributesFile ? await ReadSmallTextAsync(latest.Sha256!, cancellationToken, pending) : attributesText;
            var merged = (current is null || current.Length == 0 || current.EndsWith('\n') ? current : current + "\n") + extraRules;
            var stored = await StageTextAsync(merged, cancellationToken) with { Path = ".gitattributes" };
            staged.Add(stored.Staged!);
            await builder.AddFileAsync(stored.Path, stored.GitBlobId!, stored.Size, stored.Sha256, false, cancellationToken);
            added.Add(stored);
        }

        await AddBlobRowsAsync(added.Select(a => (a.Sha256, a.Size, a.Lfs ? null : a.GitBlobId)), pulled: false, _ => true, cancellationToken);
        await lfsObjects.RecordReferencedAsync(repo.Id, added.Where(a => a.Lfs).Select(a => (a.Sha256, a.Size)), cancellationToken);
        var tree = await builder.WriteAsync(cancellationToken);
        var now = DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds());
        var identity = $"{request.AuthorName} <{request.AuthorName}@users.noreply.hubplatform>";
        var message = GitObjects.Message(request.Title, request.Description);
        var commitId = GitObjects.CommitId(tree.Oid, head is null ? [] : [head], identity, now, message);
        db.Commits.Add(new CommitEntity
        {
            RepositoryId = repo.Id,
            Id = commitId,
            TreeId = tree.Oid,
            RootTreeId = tree.ChildId,
            ParentId = head,
            Title = request.Title,
            Message = message,
            AuthorName = request.AuthorName,
            AuthorIdentity = identity,
            Date = now,
            Sequence = sequence,
        });

        // A conversion is not a change of the repository: it keeps its last-modified date.
        var tracked = await db.Repositories.FirstAsync(r => r.Id == repo.Id, cancellationToken);
        tracked.LastModified = ownRef ? tracked.LastModified : now;
        if (!ownRef && request.Branch == RepositoryService.DefaultBranch && request.Operations.Any(o => o.Path == "README.md"))
        {
            await UpdateCardAsync(tracked, tree.ChildId, cancellationToken, pending);
        }

        await db.SaveChangesAsync(cancellationToken);

        // Move the branch only if nobody else did meanwhile; otherwise the whole transaction is rolled back.
        var moved = head is null
            ? await InsertRefAsync(repo.Id, refName, commitId, cancellationToken)
            : await db.Refs.Where(r => r.RepositoryId == repo.Id && r.Name == refName && r.CommitId == head)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.CommitId, commitId), cancellationToken);
        if (moved != 1)
        {
            throw new HubProblemException(412, $"'{request.Branch}' moved while this commit was being made; nothing was changed. Try again.");
        }

        if (!ownRef)
        {
            await PlanJobsAsync(repo, commitId, request.Branch, cancellationToken);
        }

        // The files come into place last, flushed together, while this transaction still holds the write lock.
        await blobs.PublishAsync(staged, cancellationToken);

        (repo.LastModified, repo.CardDataJson, repo.Tags, repo.PipelineTag, repo.LibraryName) = (tracked.LastModified, tracked.CardDataJson, tracked.Tags, tracked.PipelineTag, tracked.LibraryName);
        return commitId;
    }

    /// <summary>
    /// Records a commit made elsewhere (a synced upstream) under its own id, unless it is already here, and points the given
    /// refs at it; all in one transaction. The files' bytes must already be in the blob store (unless pulled). When the
    /// parent is here, the commit is stored as its changes from the parent, so unchanged folders are shared and files keep
    /// their last commit.
    /// </summary>
    public async Task ImportCommitAsync(RepositoryEntity repo, ImportedCommit commit, IReadOnlyList<string> refNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(refNames);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        long? root = null;
        if (!await db.Commits.AnyAsync(c => c.RepositoryId == repo.Id && c.Id == commit.Id, cancellationToken))
        {
            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in commit.Files)
            {
                if (blobs.Exists(file.Sha256))
                {
                    present.Add(file.Sha256);
                }
                else if (!commit.Pulled)
                {
                    throw new HubProblemException(500, $"The bytes of '{file.Path}' ({file.Sha256}) are not stored; the import stops.");
                }
            }

            await AddBlobRowsAsync(commit.Files.Select(f => (f.Sha256, f.Size, f.Lfs ? null : f.BlobId)), commit.Pulled, present.Contains, cancellationToken);
            await lfsObjects.RecordReferencedAsync(repo.Id, commit.Files.Where(f => f.Lfs).Select(f => (f.Sha256, f.Size)), cancellationToken);
            var parentRoot = commit.ParentId is { } parentId ? await RootOfAsync(repo.Id, parentId, cancellationToken) : null;
            var sequence = await NextSequenceAsync(repo.Id, cancellationToken);
            var builder = new TreeBuilder(trees, repo.Id, sequence, parentRoot);
            var paths = commit.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
            if (parentRoot is { } before)
            {
                await foreach (var (path, _) in trees.FilesAsync(before, string.Empty, cancellationToken))
                {
                    if (!paths.Contains(path))
                    {
                        await builder.DeleteFileAsync(path, cancellationToken);
                    }
                }
            }

            foreach (var file in commit.Files)
            {
                await builder.AddFileAsync(file.Path, file.BlobId, file.Size, file.Sha256, file.Lfs, cancellationToken);
            }

            var tree = await builder.WriteAsync(cancellationToken);
            root = tree.ChildId;
            db.Commits.Add(new CommitEntity
            {
                RepositoryId = repo.Id,
                Id = commit.Id,
                TreeId = tree.Oid,
                RootTreeId = tree.ChildId,
                ParentId = commit.ParentId,
                Title = commit.Title,
                Message = GitObjects.Message(commit.Title, commit.Description),
                AuthorName = commit.AuthorName,
                AuthorIdentity = $"{commit.AuthorName} <{commit.AuthorName}@users.noreply.upstream>",
                Date = commit.Date,
                Sequence = sequence,
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        var branch = refNames.FirstOrDefault(n => n.StartsWith(HeadsPrefix, StringComparison.Ordinal))?[HeadsPrefix.Length..];
        await PlanJobsAsync(repo, commit.Id, branch, cancellationToken);
        foreach (var name in refNames)
        {
            var existing = await db.Refs.FirstOrDefaultAsync(r => r.RepositoryId == repo.Id && r.Name == name, cancellationToken);
            if (existing is null)
            {
                db.Refs.Add(new RefEntity { RepositoryId = repo.Id, Name = name, CommitId = commit.Id });
            }
            else
            {
                existing.CommitId = commit.Id;
            }
        }

        if (refNames.Contains(HeadsPrefix + RepositoryService.DefaultBranch))
        {
            var tracked = await db.Repositories.FirstAsync(r => r.Id == repo.Id, cancellationToken);
            tracked.LastModified = commit.Date;
            await UpdateCardAsync(tracked, root ?? await RootOfAsync(repo.Id, commit.Id, cancellationToken) ?? 0, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        rows.ForgetRepository(repo);
    }

    /// <summary>The sha256 of content already stored under a regular file's git blob id, if any.</summary>
    public Task<string?> Sha256ForBlobIdAsync(string blobId, CancellationToken cancellationToken) =>
        db.GitBlobs.Where(b => b.BlobId == blobId).Select(b => b.Sha256).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Stages small text (such as <c>.gitattributes</c>) as a regular file, for a commit to publish.</summary>
    public Task<AddFileOperation> StageTextAsync(string text, CancellationToken cancellationToken) =>
        StageBytesAsync(Encoding.UTF8.GetBytes(text), cancellationToken);

    /// <summary>
    /// Stages content held in memory (a file sent inline) as a regular file: the commit that takes the operation publishes
    /// it, and whoever made it disposes <see cref="AddFileOperation.Staged"/> if no commit does. The path is set by the caller.
    /// </summary>
    public async Task<AddFileOperation> StageBytesAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        var staged = await blobs.StageAsync(stream, bytes.Length, cancellationToken);
        return new AddFileOperation(".", staged.Sha256, staged.Size, false, GitBlobId.Compute(bytes)) { Staged = staged };
    }

    /// <summary>
    /// The text of a small stored file (README.md for the card, .gitattributes), or null when it is missing or larger than
    /// 10 MB: a huge file committed under such a name must not make the server hold it in memory. A UTF-8 byte order mark
    /// is dropped, as git does for attributes.
    /// </summary>
    public async Task<string?> ReadSmallTextAsync(string sha256, CancellationToken cancellationToken, IReadOnlyDictionary<string, IStagedBlob>? staged = null)
    {
        var stagedBlob = staged?.GetValueOrDefault(sha256);
        if ((stagedBlob?.Size ?? blobs.SizeOf(sha256)) is not { } size || size > MaxReadTextBytes)
        {
            return null;
        }

        await using var stream = stagedBlob?.OpenRead() ?? blobs.OpenRead(sha256);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    // The jobs the commit needs, added in its transaction; on a branch, the waiting jobs of the commits it replaced there
    // are superseded.
    private async Task PlanJobsAsync(RepositoryEntity repo, string commitId, string? branch, CancellationToken cancellationToken)
    {
        if (!planners.Any())
        {
            return;
        }

        var requests = new List<JobRequest>();
        foreach (var planner in planners)
        {
            requests.AddRange(await planner.PlanAsync(repo, commitId, branch, cancellationToken));
        }

        if (branch is not null)
        {
            await jobs.SupersedeAsync(repo.Id, branch, commitId, cancellationToken);
        }

        if (requests.Count > 0)
        {
            await jobs.EnqueueAsync(requests, cancellationToken);
        }
    }

    private async Task<long?> RootOfAsync(long repositoryId, string commitId, CancellationToken cancellationToken) =>
        await db.Commits.Where(c => c.RepositoryId == repositoryId && c.Id == commitId).Select(c => c.RootTreeId).FirstOrDefaultAsync(cancellationToken);

    private async Task<long> NextSequenceAsync(long repositoryId, CancellationToken cancellationToken) =>
        (await db.Commits.Where(c => c.RepositoryId == repositoryId).MaxAsync(c => (long?)c.Sequence, cancellationToken) ?? 0) + 1;

    // Blob rows for the bytes a commit refers to, looked up in batches. Bytes that arrive by upload or sync make a pulled
    // blob permanent: it is no longer the pull-through cache's to evict. Regular files also record their git blob id.
    private async Task AddBlobRowsAsync(IEnumerable<(string Sha256, long Size, string? GitBlobId)> files, bool pulled, Func<string, bool> present, CancellationToken cancellationToken)
    {
        var wanted = new Dictionary<string, long>(StringComparer.Ordinal);
        var gitIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (sha256, size, gitBlobId) in files)
        {
            wanted[sha256] = size;
            if (gitBlobId is not null)
            {
                gitIds[gitBlobId] = sha256;
            }
        }

        var now = clock.GetUtcNow();
        foreach (var chunk in wanted.Keys.Chunk(500))
        {
            var rows = await db.Blobs.Where(b => chunk.Contains(b.Sha256)).ToDictionaryAsync(b => b.Sha256, StringComparer.Ordinal, cancellationToken);
            foreach (var sha256 in chunk)
            {
                var isPresent = present(sha256);
                if (!rows.TryGetValue(sha256, out var row))
                {
                    db.Blobs.Add(new BlobEntity { Sha256 = sha256, Size = wanted[sha256], CreatedAt = now, ReferencedAt = now, Pulled = pulled, Present = isPresent, LastUsedAt = pulled && isPresent ? now : null });
                    continue;
                }

                row.ReferencedAt = now;
                row.Present |= isPresent;
                row.Pulled &= pulled;
            }
        }

        foreach (var chunk in gitIds.Keys.Chunk(500))
        {
            var known = await db.GitBlobs.Where(b => chunk.Contains(b.BlobId)).Select(b => b.BlobId).ToListAsync(cancellationToken);
            foreach (var blobId in chunk.Except(known, StringComparer.Ordinal))
            {
                db.GitBlobs.Add(new GitBlobEntity { BlobId = blobId, Sha256 = gitIds[blobId] });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<int> InsertRefAsync(long repositoryId, string name, string commitId, CancellationToken cancellationToken)
    {
        db.Refs.Add(new RefEntity { RepositoryId = repositoryId, Name = name, CommitId = commitId });
        await db.SaveChangesAsync(cancellationToken);
        return 1;
    }

    // The card columns and search text of a repository from the README at a root folder.
    private async Task UpdateCardAsync(RepositoryEntity repo, long root, CancellationToken cancellationToken, IReadOnlyDictionary<string, IStagedBlob>? staged = null)
    {
        var readme = await trees.FindPathAsync(root, "README.md", cancellationToken);
        if (readme is { IsDirectory: false } && staged?.ContainsKey(readme.Sha256!) != true && !blobs.Exists(readme.Sha256!))
        {
            // A pulled LFS README whose bytes are not fetched yet: no card until they are.
            return;
        }

        // No README, or one too large to be a card: the repository shows none.
        var text = readme is { IsDirectory: false } ? await ReadSmallTextAsync(readme.Sha256!, cancellationToken, staged) : null;
        var summary = text is null ? new CardSummary(null, [], null, null) : cards.Summarize(text, RepoTypeExtensions.Parse(repo.Type));
        repo.CardDataJson = summary.CardDataJson;
        repo.CardScore = text is null ? null : summary.Score;
        repo.CardFindings = string.Join(' ', (summary.FindingCodes ?? []).Where(c => !c.Contains(' ', StringComparison.Ordinal)).Distinct(StringComparer.Ordinal));
        repo.PipelineTag = summary.PipelineTag;
        repo.LibraryName = summary.LibraryName;
        repo.Tags = string.Join(' ', summary.Tags.Where(t => !t.Contains(' ', StringComparison.Ordinal)).Distinct(StringComparer.Ordinal));
        await search.IndexAsync(repo, text is null ? null : text.Length > 100_000 ? text[..100_000] : text, cancellationToken);
    }
}
