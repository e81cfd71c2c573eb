using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using HubPlatform.Hub;
using HubPlatform.Storage.Entities;
using HubPlatform.Storage.Trees;
using Microsoft.EntityFrameworkCore;

namespace HubPlatform.Storage;

/// <summary>
/// Repositories and what they hold: create, find, move, delete, settings; branches and tags; revisions resolved to commits;
/// files and folders of a commit, found through its tree; history. Commits are made by <see cref="CommitService"/>.
/// </summary>
public sealed class RepositoryService(HubDbContext db, TreeStore trees, TreeCache cache, RowCache rows, CommitService commits, ISearchIndex search, TimeProvider clock)
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

    /// <summary>What branch names are stored under in refs.</summary>
    public const string HeadsPrefix = "refs/heads/";
    private const string TagsPrefix = "refs/tags/";

    /// <summary>Finds a repository by type and id, case-insensitively (through the row cache; the copy is the caller's).</summary>
    public async Task<RepositoryEntity?> FindAsync(RepoType type, RepoId id, CancellationToken cancellationToken) =>
        (await LookUpAsync(type, id, cancellationToken)).Repository?.Copy();

    /// <summary>Where a repository that was moved away from this id lives now, or null.</summary>
    public async Task<RepositoryEntity?> FindMovedAsync(RepoType type, RepoId id, CancellationToken cancellationToken) =>
        (await LookUpAsync(type, id, cancellationToken)).MovedTo?.Copy();

    // A repository and the target of a redirect from its id are looked up together, always both, and cached as one: a
    // missing repository then costs what a private one does, so timing does not tell them apart.
    private async Task<RepoLookup> LookUpAsync(RepoType type, RepoId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var key = RowCache.RepositoryKey.Of(type, id);
        return (await rows.GetOrLoadAsync<RepoLookup>(key, async ct => await FindRowAsync(key, ct), cancellationToken))!;
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
        if ((await FindRowAsync(RowCache.RepositoryKey.Of(repo), cancellationToken)).Repository is not null)
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
            operations.Insert(0, await commits.StageTextAsync(GitAttributes.DefaultText, cancellationToken) with { Path = ".gitattributes" });
        }

        // Indexed by id first; a README among the initial files then adds its card.
        await search.IndexAsync(repo, null, cancellationToken);
        await commits.CommitInTransactionAsync(repo, new CommitRequest
        {
            Branch = DefaultBranch,
            Title = "initial commit",
            AuthorName = authorName,
            Operations = operations,
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        rows.ForgetRepository(repo);
        return repo;
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

        if ((await FindRowAsync(RowCache.RepositoryKey.Of(type, to), cancellationToken)).Repository is not null)
        {
            throw new HubProblemException(409, $"A {repo.Type} repo named {to} already exists.");
        }

        var before = repo.Copy();
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
        rows.ForgetRepository(before);
        rows.ForgetRepository(repo);
    }

    /// <summary>Deletes a repository and its rows (its blobs stay until fsck collects them).</summary>
    public async Task DeleteAsync(RepositoryEntity repo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await search.RemoveAsync(repo.Id, cancellationToken);
        await db.Repositories.Where(r => r.Id == repo.Id).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // Ids that redirected to it are cached under their own keys.
        rows.Clear();
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

        var refs = await rows.GetOrLoadAsync(new RowCache.RefsKey(repo.Id), ct => RefMapAsync(repo.Id, ct), cancellationToken);
        if (refs!.TryGetValue(HeadsPrefix + revision, out var branch) || refs.TryGetValue(TagsPrefix + revision, out branch) || refs.TryGetValue(revision, out branch))
        {
            return branch;
        }

        var lower = revision.ToLowerInvariant();
        if (revision.Length is >= 7 and <= 40 && lower.All(char.IsAsciiHexDigit))
        {
            var matches = await db.Commits.Where(c => c.RepositoryId == repo.Id && c.Id.StartsWith(lower)).Select(c => c.Id).Take(2).ToListAsync(cancellationToken);
            return matches.Count == 1 ? matches[0] : null;
        }

        return null;
    }

    /// <summary>A commit row (cached: commits never change).</summary>
    public async Task<CommitEntity?> CommitAsync(RepositoryEntity repo, string commitId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var key = (repo.Id, commitId);
        if (cache.TryGet<CommitEntity>(key, out var cached))
        {
            return cached;
        }

        var row = await db.Commits.AsNoTracking().FirstOrDefaultAsync(c => c.RepositoryId == repo.Id && c.Id == commitId, cancellationToken);
        if (row?.RootTreeId is not null)
        {
            cache.Set(key, row, 1);
        }

        return row;
    }

    /// <summary>The root folder's node of a commit.</summary>
    public async Task<long> RootAsync(RepositoryEntity repo, string commitId, CancellationToken cancellationToken) =>
        (await CommitAsync(repo, commitId, cancellationToken))?.RootTreeId
        ?? throw new InvalidDataException($"Commit {commitId} of {repo.Namespace}/{repo.Name} has no tree.");

    /// <summary>The file at a path of a commit, or null (also when the path is a folder).</summary>
    public async Task<RepoFile?> FileAsync(RepositoryEntity repo, string commitId, string path, CancellationToken cancellationToken) =>
        await trees.FindPathAsync(await RootAsync(repo, commitId, cancellationToken), path, cancellationToken) is { IsDirectory: false } item
            ? RepoFile.From(path, item)
            : null;

    /// <summary>The file or folder at a path of a commit, or null.</summary>
    public async Task<TreeItem?> EntryAsync(RepositoryEntity repo, string commitId, string path, CancellationToken cancellationToken) =>
        await trees.FindPathAsync(await RootAsync(repo, commitId, cancellationToken), path, cancellationToken);

    /// <summary>Every file of a commit, in git's path order.</summary>
    public async IAsyncEnumerable<RepoFile> AllFilesAsync(RepositoryEntity repo, string commitId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (path, item) in trees.FilesAsync(await RootAsync(repo, commitId, cancellationToken), string.Empty, cancellationToken))
        {
            yield return RepoFile.From(path, item);
        }
    }

    /// <summary>
    /// The paths of the files that differ between two commits (changed, added or removed), read from the nodes the two do not
    /// share: what a one-file commit changed costs a few nodes whatever the size of the repository.
    /// </summary>
    public async IAsyncEnumerable<string> ChangedFilesAsync(RepositoryEntity repo, string fromCommit, string toCommit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var before = await RootAsync(repo, fromCommit, cancellationToken);
        var after = await RootAsync(repo, toCommit, cancellationToken);
        await foreach (var path in trees.ChangedFilesAsync(before, after, string.Empty, cancellationToken))
        {
            yield return path;
        }
    }

    /// <summary>Every file of a commit by its path (what the jobs that read a whole commit start from).</summary>
    public async Task<Dictionary<string, RepoFile>> FilesByPathAsync(RepositoryEntity repo, string commitId, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, RepoFile>(StringComparer.Ordinal);
        await foreach (var file in AllFilesAsync(repo, commitId, cancellationToken))
        {
            files[file.Path] = file;
        }

        return files;
    }

    /// <summary>The root folder of a commit: its file count and total size.</summary>
    public async Task<TreeNode> RootNodeAsync(RepositoryEntity repo, string commitId, CancellationToken cancellationToken) =>
        await trees.LoadAsync(await RootAsync(repo, commitId, cancellationToken), cancellationToken);

    /// <summary>Commits of a repository by sequence number (those that exist), for <c>lastCommit</c>.</summary>
    public async Task<Dictionary<long, CommitEntity>> CommitsBySequenceAsync(RepositoryEntity repo, IEnumerable<long> sequences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var result = new Dictionary<long, CommitEntity>();
        var missing = new List<long>();
        foreach (var sequence in sequences.Distinct())
        {
            if (cache.TryGet<CommitEntity>((repo.Id, sequence), out var cached))
            {
                result[sequence] = cached!;
            }
            else
            {
                missing.Add(sequence);
            }
        }

        foreach (var chunk in missing.Chunk(500))
        {
            foreach (var row in await db.Commits.AsNoTracking().Where(c => c.RepositoryId == repo.Id && chunk.Contains(c.Sequence)).ToListAsync(cancellationToken))
            {
                result[row.Sequence] = row;
                cache.Set((repo.Id, row.Sequence), row, 1);
            }
        }

        return result;
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
        rows.ForgetRepository(repo);
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
        if (gated == "auto")
        {
            // Requests still waiting are accepted, as new ones now would be.
            var now = clock.GetUtcNow();
            await db.AccessRequests.Where(a => a.RepositoryId == repo.Id && a.Status == AccessRequests.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AccessRequests.Accepted).SetProperty(a => a.Timestamp, now), cancellationToken);
        }

        if (isPrivate is not null)
        {
            // Ids that redirect to it are cached under their own keys, and a redirect must not show a private repository.
            rows.Clear();
        }
        else
        {
            rows.ForgetRepository(repo);
        }
    }

    /// <summary>Creates a repository with no commit (for imports; <paramref name="fromUpstream"/> for pull-through copies).</summary>
    public async Task<RepositoryEntity> CreateEmptyAsync(RepoType type, RepoId id, bool isPrivate, CancellationToken cancellationToken, bool fromUpstream = false)
    {
        ArgumentNullException.ThrowIfNull(id);
        var repo = NewRepository(type, id, isPrivate, fromUpstream);
        db.Repositories.Add(repo);
        await db.SaveChangesAsync(cancellationToken);
        await search.IndexAsync(repo, null, cancellationToken);
        rows.ForgetRepository(repo);
        return repo;
    }

    /// <summary>Records that a pulled repository's refs were just compared with upstream's.</summary>
    public async Task MarkUpstreamCheckedAsync(RepositoryEntity repo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var now = clock.GetUtcNow();
        await db.Repositories.Where(r => r.Id == repo.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.UpstreamCheckedAt, now), cancellationToken);
        repo.UpstreamCheckedAt = now;
        rows.ForgetRepository(repo);
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

            // Audited from the start: a new repository has no card until a commit brings one.
            CardFindings = string.Empty,
        };
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
        finally
        {
            rows.ForgetRepository(repo);
        }
    }

    private async Task<RepoLookup> FindRowAsync(RowCache.RepositoryKey key, CancellationToken cancellationToken)
    {
        var repo = await db.Repositories.AsNoTracking().FirstOrDefaultAsync(r => r.Type == key.Type && r.NamespaceLower == key.NamespaceLower && r.NameLower == key.NameLower, cancellationToken);
        var moved = await (from d in db.Redirects.AsNoTracking()
                           where d.Type == key.Type && d.NamespaceLower == key.NamespaceLower && d.NameLower == key.NameLower
                           join r in db.Repositories.AsNoTracking() on d.RepositoryId equals r.Id
                           select r).FirstOrDefaultAsync(cancellationToken);
        return new RepoLookup(repo, moved);
    }

    private async Task<Dictionary<string, string>?> RefMapAsync(long repositoryId, CancellationToken cancellationToken) =>
        await db.Refs.AsNoTracking().Where(r => r.RepositoryId == repositoryId).ToDictionaryAsync(r => r.Name, r => r.CommitId, StringComparer.Ordinal, cancellationToken);
}
