using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HubPlatform.Cards;
using HubPlatform.Hub;
using HubPlatform.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace HubPlatform.Storage;

/// <summary>
/// Repository operations over the database and the blob store: create, find, resolve revisions, list files, and commit.
/// A commit is one transaction, and a branch only moves if it still points where the committer saw it.
/// </summary>
public sealed class RepositoryService(HubDbContext db, IBlobStore blobs, SearchIndex search, TimeProvider clock)
{
    /// <summary>The branch a repository starts with.</summary>
    public const string DefaultBranch = "main";

    // A commit and its first-parent ancestors as rows (Id, ParentId, n = distance from the commit), for {0} = repository id
    // and {1} = commit id. Capped so that a damaged chain (a cycle could only come from bad imported data) cannot run away.
    private const string HistoryChain = """
        WITH RECURSIVE chain(Id, ParentId, n) AS (
            SELECT Id, ParentId, 0 FROM commits WHERE RepositoryId = {0} AND Id = {1}
            UNION ALL
            SELECT c.Id, c.ParentId, chain.n + 1 FROM commits c JOIN chain ON c.RepositoryId = {0} AND c.Id = chain.ParentId WHERE chain.n < 1000000)

        """;

    private const long MaxReadTextBytes = 10 * 1000 * 1000;

    private const string HeadsPrefix = "refs/heads/";
    private const string TagsPrefix = "refs/tags/";

    /// <summary>Finds a repository by type and id, case-insensitively.</summary>
    public Task<RepositoryEntity?> FindAsync(RepoType type, RepoId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var ns = (id.Namespace ?? string.Empty).ToLowerInvariant();
        var name = id.Name.ToLowerInvariant();
        var t = type.SingularName();
        return db.Repositories.FirstOrDefaultAsync(r => r.Type == t && r.NamespaceLower == ns && r.NameLower == name, cancellationToken);
    }

    /// <summary>
    /// Creates a repository with an initial commit holding the default <c>.gitattributes</c> (unless
    /// <paramref name="initialFiles"/> bring their own) and the given files, whose bytes are already stored.
    /// </summary>
    /// <exception cref="HubProblemException">409 when it exists.</exception>
    public async Task<RepositoryEntity> CreateAsync(RepoType type, RepoId id, bool isPrivate, string authorName, CancellationToken cancellationToken, IReadOnlyList<AddFileOperation>? initialFiles = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        var repo = NewRepository(type, id, isPrivate, fromUpstream: false);
        if (await FindAsync(type, id, cancellationToken) is not null)
        {
            throw new HubProblemException(409, $"You already created this {type.SingularName()} repo: {id}");
        }

        await db.Redirects.Where(r => r.Type == repo.Type && r.NamespaceLower == repo.NamespaceLower && r.NameLower == repo.NameLower).ExecuteDeleteAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Repositories.Add(repo);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new HubProblemException(409, $"You already created this {type.SingularName()} repo: {id}");
        }

        initialFiles ??= [];
        var operations = new List<CommitOperation>(initialFiles);
        if (!initialFiles.Any(f => f.Path == ".gitattributes"))
        {
            operations.Insert(0, await StoreTextAsync(GitAttributes.DefaultText, cancellationToken) with { Path = ".gitattributes" });
        }

        await CommitCoreAsync(repo, new CommitRequest
        {
            Branch = DefaultBranch,
            Title = "initial commit",
            AuthorName = authorName,
            Operations = operations,
        }, cancellationToken);
        await search.IndexAsync(repo, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return repo;
    }

    /// <summary>Where a repository that was moved away from this id lives now, or null.</summary>
    public async Task<RepositoryEntity?> FindMovedAsync(RepoType type, RepoId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var ns = (id.Namespace ?? string.Empty).ToLowerInvariant();
        var name = id.Name.ToLowerInvariant();
        var t = type.SingularName();
        var target = await db.Redirects.Where(r => r.Type == t && r.NamespaceLower == ns && r.NameLower == name).Select(r => (long?)r.RepositoryId).FirstOrDefaultAsync(cancellationToken);
        return target is null ? null : await db.Repositories.FirstOrDefaultAsync(r => r.Id == target, cancellationToken);
    }

    /// <summary>Renames or transfers a repository; the old id then redirects to the new one.</summary>
    /// <exception cref="HubProblemException">409 when the target exists.</exception>
    public async Task MoveAsync(RepositoryEntity repo, RepoId to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(to);
        var type = RepoTypeExtensions.Parse(repo.Type);
        if (to.Namespace is null)
        {
            throw new HubProblemException(400, "The new id needs a namespace.");
        }

        if (await FindAsync(type, to, cancellationToken) is not null)
        {
            throw new HubProblemException(409, $"A {repo.Type} repo named {to} already exists.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var tracked = await db.Repositories.FirstAsync(r => r.Id == repo.Id, cancellationToken);
        var newNs = to.Namespace.ToLowerInvariant();
        var newName = to.Name.ToLowerInvariant();
        await db.Redirects.Where(r => r.Type == repo.Type && r.NamespaceLower == newNs && r.NameLower == newName).ExecuteDeleteAsync(cancellationToken);
        db.Redirects.Add(new RedirectEntity { Type = repo.Type, NamespaceLower = tracked.NamespaceLower, NameLower = tracked.NameLower, RepositoryId = repo.Id });
        tracked.Namespace = to.Namespace;
        tracked.Name = to.Name;
        tracked.NamespaceLower = newNs;
        tracked.NameLower = newName;
        await db.SaveChangesAsync(cancellationToken);
        await search.RenameAsync(tracked, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        (repo.Namespace, repo.Name, repo.NamespaceLower, repo.NameLower) = (tracked.Namespace, tracked.Name, newNs, newName);
    }

    /// <summary>Deletes a repository and its rows (its blobs stay until fsck collects them).</summary>
    public async Task DeleteAsync(RepositoryEntity repo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await search.RemoveAsync(repo.Id, cancellationToken);
        db.Repositories.Remove(repo);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The commit a revision names: a full commit id, a branch, a tag, <c>HEAD</c> (the default branch), or a commit id prefix
    /// of at least 7 digits. Null when nothing matches.
    /// </summary>
    public async Task<string?> ResolveAsync(RepositoryEntity repo, string revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(revision);
        if (revision == "HEAD")
        {
            revision = DefaultBranch;
        }

        var refs = new[] { HeadsPrefix + revision, TagsPrefix + revision, revision };
        var hit = await db.Refs.Where(r => r.RepositoryId == repo.Id && refs.Contains(r.Name)).Select(r => new { r.Name, r.CommitId }).ToListAsync(cancellationToken);
        if (hit.FirstOrDefault(r => r.Name == HeadsPrefix + revision) is { } branch)
        {
            return branch.CommitId;
        }

        if (hit.FirstOrDefault() is { } other)
        {
            return other.CommitId;
        }

        var lower = revision.ToLowerInvariant();
        if (revision.Length is >= 7 and <= 40 && lower.All(char.IsAsciiHexDigit))
        {
            var matches = await db.Commits.Where(c => c.RepositoryId == repo.Id && c.Id.StartsWith(lower)).Select(c => c.Id).Take(2).ToListAsync(cancellationToken);
            return matches.Count == 1 ? matches[0] : null;
        }

        return null;
    }

    /// <summary>The files of a commit, by path.</summary>
    public Task<List<CommitFileEntity>> FilesAsync(RepositoryEntity repo, string commitId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return db.CommitFiles.AsNoTracking().Where(f => f.RepositoryId == repo.Id && f.CommitId == commitId).OrderBy(f => f.Path).ToListAsync(cancellationToken);
    }

    /// <summary>A commit row.</summary>
    public Task<CommitEntity?> CommitAsync(RepositoryEntity repo, string commitId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return db.Commits.AsNoTracking().FirstOrDefaultAsync(c => c.RepositoryId == repo.Id && c.Id == commitId, cancellationToken);
    }

    /// <summary>
    /// One page of the history of a commit, newest first (the commit and its first-parent ancestors), and the history's
    /// length; walked in the database with a recursive query, so a page costs what the page holds.
    /// </summary>
    public async Task<(List<CommitEntity> Page, int Total)> HistoryAsync(RepositoryEntity repo, string commitId, int skip, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var total = await db.Database.SqlQuery<int>(FormattableStringFactory.Create(HistoryChain + "SELECT COUNT(*) AS Value FROM chain", repo.Id, commitId))
            .SingleAsync(cancellationToken);
        var page = await db.Commits.FromSql(FormattableStringFactory.Create(
                HistoryChain + "SELECT c.* FROM commits c JOIN chain ON c.RepositoryId = {0} AND c.Id = chain.Id ORDER BY chain.n LIMIT {2} OFFSET {3}",
                repo.Id, commitId, take, skip))
            .AsNoTracking().ToListAsync(cancellationToken);
        return (page, total);
    }

    /// <summary>Commits of a repository by id (those that exist).</summary>
    public async Task<Dictionary<string, CommitEntity>> CommitsByIdAsync(RepositoryEntity repo, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        return await db.Commits.AsNoTracking().Where(c => c.RepositoryId == repo.Id && wanted.Contains(c.Id)).ToDictionaryAsync(c => c.Id, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>Branches and tags.</summary>
    public Task<List<RefEntity>> RefsAsync(RepositoryEntity repo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return db.Refs.AsNoTracking().Where(r => r.RepositoryId == repo.Id).OrderBy(r => r.Name).ToListAsync(cancellationToken);
    }

    /// <summary>Creates a branch at a revision (the default branch's head when none is given).</summary>
    /// <exception cref="HubProblemException">409 when it exists, 404 when the starting point does not, 400 for a bad name.</exception>
    public async Task CreateBranchAsync(RepositoryEntity repo, string branch, string? startingPoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        CheckRefName(branch);
        var commit = await ResolveAsync(repo, startingPoint ?? DefaultBranch, cancellationToken)
                     ?? throw new HubProblemException(404, $"Invalid rev id: {startingPoint}", "RevisionNotFound");
        await AddRefAsync(repo, HeadsPrefix + branch, commit, $"Branch '{branch}' already exists.", cancellationToken);
    }

    /// <summary>Creates a tag at a revision.</summary>
    public async Task CreateTagAsync(RepositoryEntity repo, string tag, string revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        CheckRefName(tag);
        var commit = await ResolveAsync(repo, revision, cancellationToken)
                     ?? throw new HubProblemException(404, $"Invalid rev id: {revision}", "RevisionNotFound");
        await AddRefAsync(repo, TagsPrefix + tag, commit, $"Tag '{tag}' already exists.", cancellationToken);
    }

    /// <summary>Deletes a branch (never the default one) or a tag.</summary>
    public async Task DeleteRefAsync(RepositoryEntity repo, bool isTag, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        if (!isTag && name == DefaultBranch)
        {
            throw new HubProblemException(403, "The default branch cannot be deleted.");
        }

        var full = (isTag ? TagsPrefix : HeadsPrefix) + name;
        var deleted = await db.Refs.Where(r => r.RepositoryId == repo.Id && r.Name == full).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            throw new HubProblemException(404, $"{(isTag ? "Tag" : "Branch")} '{name}' does not exist.", "RevisionNotFound");
        }
    }

    /// <summary>Changes visibility and gating.</summary>
    public async Task UpdateSettingsAsync(RepositoryEntity repo, bool? isPrivate, string? gated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        if (gated is not null and not ("false" or "auto" or "manual"))
        {
            throw new HubProblemException(400, $"gated must be false, \"auto\" or \"manual\", not '{gated}'.");
        }

        var tracked = await db.Repositories.FirstAsync(r => r.Id == repo.Id, cancellationToken);
        tracked.Private = isPrivate ?? tracked.Private;
        tracked.Gated = gated ?? tracked.Gated;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Records a commit made elsewhere (a synced upstream) under its own id, unless it is already here, and points the given
    /// refs at it; all in one transaction. The files' bytes must already be in the blob store.
    /// </summary>
    public async Task ImportCommitAsync(RepositoryEntity repo, ImportedCommit commit, IReadOnlyList<string> refNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(refNames);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await db.Commits.AnyAsync(c => c.RepositoryId == repo.Id && c.Id == commit.Id, cancellationToken))
        {
            foreach (var file in commit.Files)
            {
                var present = blobs.Exists(file.Sha256);
                if (!present && !commit.Pulled)
                {
                    throw new HubProblemException(500, $"The bytes of '{file.Path}' ({file.Sha256}) are not stored; the import stops.");
                }

                await EnsureBlobRowAsync(file.Sha256, file.Size, commit.Pulled, present, cancellationToken);
            }

            AddCommitFiles(repo.Id, commit.Id, commit.Files.Select(f => new CommitFileEntity
            {
                RepositoryId = repo.Id, CommitId = commit.Id, Path = f.Path, BlobId = f.BlobId, Size = f.Size, Sha256 = f.Sha256, Lfs = f.Lfs,
                LastCommitId = commit.Id,
            }), _ => true);

            var sequence = (await db.Commits.Where(c => c.RepositoryId == repo.Id).MaxAsync(c => (long?)c.Sequence, cancellationToken) ?? 0) + 1;
            db.Commits.Add(new CommitEntity
            {
                RepositoryId = repo.Id,
                Id = commit.Id,
                TreeId = GitObjects.TreeIds(commit.Files.Select(f => KeyValuePair.Create(f.Path, f.BlobId)))[string.Empty],
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

        if (refNames.Contains(HeadsPrefix + DefaultBranch))
        {
            var tracked = await db.Repositories.FirstAsync(r => r.Id == repo.Id, cancellationToken);
            var readme = (await FilesAsync(repo, commit.Id, cancellationToken)).FirstOrDefault(f => f.Path == "README.md");
            var cardText = await UpdateCardAsync(tracked, readme, cancellationToken);
            tracked.LastModified = commit.Date;
            await search.IndexAsync(tracked, cardText, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Creates a repository with no commit (for imports; <paramref name="fromUpstream"/> for pull-through copies).</summary>
    public async Task<RepositoryEntity> CreateEmptyAsync(RepoType type, RepoId id, bool isPrivate, CancellationToken cancellationToken, bool fromUpstream = false)
    {
        ArgumentNullException.ThrowIfNull(id);
        var repo = NewRepository(type, id, isPrivate, fromUpstream);
        db.Repositories.Add(repo);
        await db.SaveChangesAsync(cancellationToken);
        await search.IndexAsync(repo, null, cancellationToken);
        return repo;
    }

    /// <summary>Records that a pulled repository's refs were just compared with upstream's.</summary>
    public async Task MarkUpstreamCheckedAsync(RepositoryEntity repo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var now = clock.GetUtcNow();
        await db.Repositories.Where(r => r.Id == repo.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.UpstreamCheckedAt, now), cancellationToken);
        repo.UpstreamCheckedAt = now;
    }

    /// <summary>The sha256 of content already stored under a git blob id in any repository, if any.</summary>
    public Task<string?> Sha256ForBlobIdAsync(string blobId, CancellationToken cancellationToken) =>
        db.CommitFiles.Where(f => f.BlobId == blobId && !f.Lfs).Select(f => f.Sha256).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Stores small text (such as <c>.gitattributes</c>) as a regular file.</summary>
    public Task<AddFileOperation> StoreTextAsync(string text, CancellationToken cancellationToken) =>
        StoreBytesAsync(Encoding.UTF8.GetBytes(text), cancellationToken);

    /// <summary>Stores content held in memory (a file sent inline) as a regular file; the operation's path is set by the caller.</summary>
    public async Task<AddFileOperation> StoreBytesAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        var stored = await blobs.WriteAsync(stream, null, bytes.Length, bytes.Length, cancellationToken);
        return new AddFileOperation(".", stored.Sha256, stored.Size, false, GitBlobId.Compute(bytes));
    }

    /// <summary>
    /// The text of a small stored file (README.md for the card, .gitattributes), or null when it is missing or larger than
    /// 10 MB: a huge file committed under such a name must not make the server hold it in memory. A UTF-8 byte order mark
    /// is dropped, as git does for attributes.
    /// </summary>
    public async Task<string?> ReadSmallTextAsync(string sha256, CancellationToken cancellationToken)
    {
        if (blobs.SizeOf(sha256) is not { } size || size > MaxReadTextBytes)
        {
            return null;
        }

        await using var stream = blobs.OpenRead(sha256);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    /// <summary>
    /// Makes a commit on a branch in one transaction and returns its id.
    /// </summary>
    /// <exception cref="HubProblemException">404 for a missing branch or a deleted path that does not exist, 412 when the
    /// branch moved since <see cref="CommitRequest.ParentCommit"/> (or during the commit), 400 for an LFS object never uploaded.</exception>
    public async Task<string> CommitAsync(RepositoryEntity repo, CommitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(request);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var id = await CommitCoreAsync(repo, request, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    private async Task<string> CommitCoreAsync(RepositoryEntity repo, CommitRequest request, CancellationToken cancellationToken)
    {
        var refName = HeadsPrefix + request.Branch;
        var head = await db.Refs.AsNoTracking().Where(r => r.RepositoryId == repo.Id && r.Name == refName).Select(r => r.CommitId).FirstOrDefaultAsync(cancellationToken);
        if (head is null && await db.Commits.AnyAsync(c => c.RepositoryId == repo.Id, cancellationToken))
        {
            throw new HubProblemException(404, $"Branch '{request.Branch}' does not exist.", "RevisionNotFound");
        }

        if (request.ParentCommit is { } parent && !string.Equals(parent, head, StringComparison.OrdinalIgnoreCase))
        {
            throw new HubProblemException(412, $"A commit has happened since: parent commit {parent} is not the head of '{request.Branch}' ({head}).");
        }

        var files = head is null
            ? new Dictionary<string, CommitFileEntity>(StringComparer.Ordinal)
            : (await FilesAsync(repo, head, cancellationToken)).ToDictionary(f => f.Path, StringComparer.Ordinal);
        var attributesText = files.TryGetValue(".gitattributes", out var attributesFile) ? await ReadSmallTextAsync(attributesFile.Sha256, cancellationToken) : null;
        var attributes = new GitAttributes(attributesText);
        var extraRules = new StringBuilder();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in request.Operations)
        {
            switch (operation)
            {
                case AddFileOperation add:
                    if (!blobs.Exists(add.Sha256) || blobs.SizeOf(add.Sha256) != add.Size)
                    {
                        throw new HubProblemException(400, $"The LFS object {add.Sha256} of '{add.Path}' was never uploaded (or has another size).");
                    }

                    var blobId = add.Lfs ? new LfsPointer(add.Sha256, add.Size).GitBlobId : add.GitBlobId ?? throw new ArgumentException("Regular files need their git blob id.", nameof(request));
                    files[add.Path] = new CommitFileEntity
                    {
                        RepositoryId = repo.Id,
                        CommitId = string.Empty,
                        Path = add.Path,
                        BlobId = blobId,
                        Size = add.Size,
                        Sha256 = add.Sha256,
                        Lfs = add.Lfs,
                        LastCommitId = string.Empty,
                    };
                    touched.Add(add.Path);
                    if (add.Lfs && add.Path != ".gitattributes" && !attributes.IsLfs(add.Path))
                    {
                        extraRules.Append(GitAttributes.RuleFor(add.Path));
                    }

                    await EnsureBlobRowAsync(add.Sha256, add.Size, pulled: false, present: true, cancellationToken);

                    break;
                case DeleteFileOperation delete:
                    if (!files.Remove(delete.Path))
                    {
                        throw new HubProblemException(404, $"'{delete.Path}' does not exist on '{request.Branch}', so it cannot be deleted.", "EntryNotFound");
                    }

                    break;
                case DeleteFolderOperation folder:
                    var prefix = folder.Path.TrimEnd('/') + "/";
                    var removed = files.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
                    if (removed.Count == 0)
                    {
                        throw new HubProblemException(404, $"Folder '{folder.Path}' does not exist on '{request.Branch}'.", "EntryNotFound");
                    }

                    removed.ForEach(k => files.Remove(k));
                    break;
            }
        }

        if (extraRules.Length > 0)
        {
            var merged = (attributesText is null || attributesText.EndsWith('\n') || attributesText.Length == 0 ? attributesText : attributesText + "\n") + extraRules;
            var stored = await StoreTextAsync(merged, cancellationToken);
            files[".gitattributes"] = new CommitFileEntity
            {
                RepositoryId = repo.Id, CommitId = string.Empty, Path = ".gitattributes", BlobId = stored.GitBlobId!,
                Size = stored.Size, Sha256 = stored.Sha256, Lfs = false, LastCommitId = string.Empty,
            };
            touched.Add(".gitattributes");
            await EnsureBlobRowAsync(stored.Sha256, stored.Size, pulled: false, present: true, cancellationToken);
        }

        var now = clock.GetUtcNow();
        now = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var treeId = GitObjects.TreeIds(files.Select(f => KeyValuePair.Create(f.Key, f.Value.BlobId)))[string.Empty];
        var identity = $"{request.AuthorName} <{request.AuthorName}@users.noreply.hubplatform>";
        var message = GitObjects.Message(request.Title, request.Description);
        var commitId = GitObjects.CommitId(treeId, head is null ? [] : [head], identity, now, message);
        var sequence = (await db.Commits.Where(c => c.RepositoryId == repo.Id).MaxAsync(c => (long?)c.Sequence, cancellationToken) ?? 0) + 1;
        db.Commits.Add(new CommitEntity
        {
            RepositoryId = repo.Id,
            Id = commitId,
            TreeId = treeId,
            ParentId = head,
            Title = request.Title,
            Message = message,
            AuthorName = request.AuthorName,
            AuthorIdentity = identity,
            Date = now,
            Sequence = sequence,
        });
        AddCommitFiles(repo.Id, commitId, files.Values, f => touched.Contains(f.Path) || f.LastCommitId.Length == 0);

        if (request.Branch == DefaultBranch && (touched.Contains("README.md") || request.Operations.Any(o => o.Path == "README.md")))
        {
            var cardText = await UpdateCardAsync(repo, files.GetValueOrDefault("README.md"), cancellationToken);
            await search.IndexAsync(repo, cardText, cancellationToken);
        }

        var tracked = await db.Repositories.FirstAsync(r => r.Id == repo.Id, cancellationToken);
        tracked.LastModified = now;
        tracked.CardDataJson = repo.CardDataJson;
        tracked.Tags = repo.Tags;
        tracked.PipelineTag = repo.PipelineTag;
        tracked.LibraryName = repo.LibraryName;
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

        repo.LastModified = now;
        return commitId;
    }

    // A new repository row: a random 24-hex object id, lower-cased id columns for case-insensitive lookups.
    private RepositoryEntity NewRepository(RepoType type, RepoId id, bool isPrivate, bool fromUpstream)
    {
        var now = clock.GetUtcNow();
        var ns = id.Namespace ?? throw new HubProblemException(400, "A repository needs a namespace (user or organisation).");
        return new RepositoryEntity
        {
            ObjectId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            Type = type.SingularName(),
            Namespace = ns,
            Name = id.Name,
            NamespaceLower = ns.ToLowerInvariant(),
            NameLower = id.Name.ToLowerInvariant(),
            Private = isPrivate,
            CreatedAt = now,
            LastModified = now,
            FromUpstream = fromUpstream,
        };
    }

    // Rows of a commit's files; a file's last commit is this one when it changed here, else the one it carries.
    private void AddCommitFiles(long repositoryId, string commitId, IEnumerable<CommitFileEntity> files, Func<CommitFileEntity, bool> changedHere)
    {
        foreach (var file in files)
        {
            db.CommitFiles.Add(new CommitFileEntity
            {
                RepositoryId = repositoryId,
                CommitId = commitId,
                Path = file.Path,
                BlobId = file.BlobId,
                Size = file.Size,
                Sha256 = file.Sha256,
                Lfs = file.Lfs,
                LastCommitId = changedHere(file) ? commitId : file.LastCommitId,
            });
        }
    }

    // A blob row for bytes a commit refers to. Bytes that arrive by upload or sync make a pulled blob permanent: it is no
    // longer the pull-through cache's to evict.
    private async Task EnsureBlobRowAsync(string sha256, long size, bool pulled, bool present, CancellationToken cancellationToken)
    {
        var row = db.Blobs.Local.FirstOrDefault(b => b.Sha256 == sha256) ?? await db.Blobs.FirstOrDefaultAsync(b => b.Sha256 == sha256, cancellationToken);
        if (row is null)
        {
            db.Blobs.Add(new BlobEntity
            {
                Sha256 = sha256, Size = size, CreatedAt = clock.GetUtcNow(), Pulled = pulled, Present = present,
                LastUsedAt = pulled && present ? clock.GetUtcNow() : null,
            });
            return;
        }

        row.Present |= present;
        if (!pulled)
        {
            row.Pulled = false;
        }
    }

    private static void CheckRefName(string name)
    {
        if (!Revision.TryParse(name, out var revision) || revision.IsCommitId || name.StartsWith("refs/", StringComparison.Ordinal) || name == "HEAD")
        {
            throw new HubProblemException(400, $"'{name}' is not a valid branch or tag name.");
        }
    }

    private async Task AddRefAsync(RepositoryEntity repo, string name, string commit, string conflict, CancellationToken cancellationToken)
    {
        if (await db.Refs.AnyAsync(r => r.RepositoryId == repo.Id && r.Name == name, cancellationToken))
        {
            throw new HubProblemException(409, conflict);
        }

        db.Refs.Add(new RefEntity { RepositoryId = repo.Id, Name = name, CommitId = commit });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new HubProblemException(409, conflict);
        }
    }

    private async Task<int> InsertRefAsync(long repositoryId, string name, string commitId, CancellationToken cancellationToken)
    {
        db.Refs.Add(new RefEntity { RepositoryId = repositoryId, Name = name, CommitId = commitId });
        await db.SaveChangesAsync(cancellationToken);
        return 1;
    }

    // Returns the README's text for the search index.
    private async Task<string?> UpdateCardAsync(RepositoryEntity repo, CommitFileEntity? readme, CancellationToken cancellationToken)
    {
        if (readme is not null && !blobs.Exists(readme.Sha256))
        {
            // A pulled LFS README whose bytes are not fetched yet: no card until they are.
            return null;
        }

        // No README, or one too large to be a card: the repository shows none.
        if (readme is null || await ReadSmallTextAsync(readme.Sha256, cancellationToken) is not { } text)
        {
            repo.CardDataJson = null;
            repo.Tags = string.Empty;
            repo.PipelineTag = null;
            repo.LibraryName = null;
            return null;
        }

        var card = Card.Parse(text);
        var metadata = card.Metadata;
        repo.CardDataJson = metadata?.ToJsonString();
        var tags = new List<string>();
        if (metadata is not null)
        {
            var data = card.ModelData;
            repo.PipelineTag = data.PipelineTag;
            repo.LibraryName = data.LibraryName;
            tags.AddRange(data.Tags);
            tags.AddRange(new[] { data.LibraryName, data.PipelineTag }.OfType<string>());
            tags.AddRange(CardTags(metadata));
        }

        repo.Tags = string.Join(' ', tags.Where(t => !t.Contains(' ', StringComparison.Ordinal)).Distinct(StringComparer.Ordinal));
        return text.Length > 100_000 ? text[..100_000] : text;
    }

    // The filter tags the Hub derives from a card: license:, language:, dataset:, base_model:.
    private static IEnumerable<string> CardTags(System.Text.Json.Nodes.JsonObject metadata)
    {
        foreach (var (key, prefix) in new[] { ("license", "license:"), ("language", "language:"), ("datasets", "dataset:"), ("base_model", "base_model:") })
        {
            foreach (var value in Strings(metadata[key]))
            {
                yield return prefix + value;
            }
        }

        foreach (var value in Strings(metadata["task_categories"]))
        {
            yield return "task_categories:" + value;
        }
    }

    private static IEnumerable<string> Strings(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
        System.Text.Json.Nodes.JsonArray a => a.OfType<System.Text.Json.Nodes.JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()),
        _ => [],
    };
}
