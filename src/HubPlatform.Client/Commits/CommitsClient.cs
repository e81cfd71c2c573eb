using System.IO.Enumeration;
using System.Net.Http.Json;
using System.Text.Json;
using HubPlatform.Client.Errors;
using HubPlatform.Client.Files;
using HubPlatform.Client.Http;
using HubPlatform.Hub;
using HubPlatform.Hub.Api;

namespace HubPlatform.Client.Commits;

/// <summary>
/// Commits through the Hub's upload protocol, as <c>huggingface_hub</c>'s <c>create_commit</c> does: <c>preupload</c>, told
/// each added file's size and first bytes, says which go through LFS; each file is then read once for the one hash that
/// needs (sha256 for LFS, git's blob id otherwise), files the branch already has are left out, LFS objects the server lacks
/// go through the batch API (basic or multipart), and the NDJSON commit is sent.
/// </summary>
public sealed class CommitsClient
{
    private const int PreuploadBatch = 256;
    private const long SpeculativeHashBytes = 10 * 1000 * 1000;
    private readonly HttpClient _http;
    private readonly HubClientOptions _options;
    private readonly RepositoriesClient _repos;
    private readonly FilesClient _files;
    private readonly LfsUploader _lfs;

    internal CommitsClient(HttpClient http, HubClientOptions options, RepositoriesClient repos, FilesClient files)
    {
        _http = http;
        _options = options;
        _repos = repos;
        _files = files;
        _lfs = new LfsUploader(http, options);
    }

    /// <summary>
    /// Makes one commit on a branch (main by default). Files the branch already has with the same bytes are left out; when
    /// nothing is left to change, no commit is made and the branch's head is returned.
    /// </summary>
    /// <exception cref="HubHttpException">412 when <paramref name="parentCommit"/> is no longer the branch's head, and the Hub's other refusals.</exception>
    public Task<CommitResult> CreateCommitAsync(
        RepoId repo,
        IReadOnlyList<CommitOperation> operations,
        string title,
        string? description = null,
        RepoType type = RepoType.Model,
        Revision? revision = null,
        string? parentCommit = null,
        IProgress<UploadProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        CommitAsync(repo, operations, title, description, type, revision, parentCommit, null, progress, cancellationToken);

    /// <summary>Uploads one file (as <c>upload_file</c>).</summary>
    public Task<CommitResult> UploadFileAsync(RepoId repo, string localPath, string pathInRepo, string? title = null, RepoType type = RepoType.Model, Revision? revision = null, IProgress<UploadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        CreateCommitAsync(repo, [CommitOperationAdd.FromFile(pathInRepo, localPath)], title ?? $"Upload {pathInRepo}", null, type, revision, null, progress, cancellationToken);

    /// <summary>Deletes one file (as <c>delete_file</c>).</summary>
    public Task<CommitResult> DeleteFileAsync(RepoId repo, string pathInRepo, string? title = null, RepoType type = RepoType.Model, Revision? revision = null, CancellationToken cancellationToken = default) =>
        CreateCommitAsync(repo, [new CommitOperationDelete(pathInRepo)], title ?? $"Delete {pathInRepo}", null, type, revision, null, null, cancellationToken);

    /// <summary>Deletes a folder and everything below it (as <c>delete_folder</c>).</summary>
    public Task<CommitResult> DeleteFolderAsync(RepoId repo, string pathInRepo, string? title = null, RepoType type = RepoType.Model, Revision? revision = null, CancellationToken cancellationToken = default) =>
        CreateCommitAsync(repo, [new CommitOperationDelete(pathInRepo, isFolder: true)], title ?? $"Delete folder {pathInRepo}", null, type, revision, null, null, cancellationToken);

    /// <summary>
    /// Uploads a local folder (as <c>upload_folder</c>): files chosen by <see cref="UploadFolderOptions.Allow"/> and
    /// <see cref="UploadFolderOptions.Ignore"/> and not ignored by the folder's <c>.gitignore</c> files, repository files matching
    /// <see cref="UploadFolderOptions.Delete"/> that the folder no longer has deleted, in one commit or, for a folder of more
    /// than <see cref="UploadFolderOptions.FilesPerCommit"/> files, several. Returns the commits made.
    /// </summary>
    public async Task<IReadOnlyList<CommitResult>> UploadFolderAsync(RepoId repo, string folder, UploadFolderOptions? options = null, IProgress<UploadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        options ??= new UploadFolderOptions();
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"'{folder}' is not a folder.");
        }

        if (options.FilesPerCommit < 1)
        {
            throw new ArgumentException("FilesPerCommit must be at least 1.", nameof(options));
        }

        var root = Path.GetFullPath(folder);
        var prefix = string.IsNullOrEmpty(options.PathInRepo?.Trim('/')) ? string.Empty : RepoFilePath.Validate(options.PathInRepo.Trim('/')) + "/";
        var gitIgnoreFile = Path.Combine(root, ".gitignore");
        var gitIgnoreText = File.Exists(gitIgnoreFile) ? await File.ReadAllTextAsync(gitIgnoreFile, cancellationToken) : null;
        var gitIgnore = await GitIgnoreTree.LoadAsync(root, cancellationToken);
        var filter = new RepoPathFilter(options.Allow, options.Ignore);
        var adds = FolderFiles(root)
            .Select(f => (Local: f, Relative: Path.GetRelativePath(root, f).Replace('\\', '/')))
            .Where(f => !f.Relative.StartsWith(".git/", StringComparison.Ordinal) && !f.Relative.StartsWith(".cache/huggingface/", StringComparison.Ordinal))
            .Where(f => filter.Includes(f.Relative) && !gitIgnore.IsIgnored(f.Relative))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .Select(f => CommitOperationAdd.FromFile(prefix + f.Relative, f.Local))
            .ToList();

        var deletes = new List<CommitOperation>();
        if (options.Delete.Count > 0)
        {
            var keep = adds.Select(a => a.PathInRepo).ToHashSet(StringComparer.Ordinal);
            var deleteFilter = new RepoPathFilter(options.Delete, null);
            try
            {
                await foreach (var entry in _repos.ListTreeAsync(repo, options.Type, options.Revision, prefix.Length == 0 ? null : prefix.TrimEnd('/'), recursive: true, cancellationToken: cancellationToken))
                {
                    if (entry.IsFile && !keep.Contains(entry.Path) && entry.Path != ".gitattributes" && deleteFilter.Includes(entry.Path[prefix.Length..]))
                    {
                        deletes.Add(new CommitOperationDelete(entry.Path));
                    }
                }
            }
            catch (EntryNotFoundException)
            {
                // The folder is not in the repository yet: nothing to delete.
            }
        }

        var title = options.Title ?? "Upload folder using HubPlatform";
        var chunks = adds.Chunk(options.FilesPerCommit).Select(c => c.Cast<CommitOperation>().ToList()).ToList();
        if (chunks.Count == 0)
        {
            chunks.Add([]);
        }

        chunks[^1].AddRange(deletes);
        var results = new List<CommitResult>();
        var parent = options.ParentCommit;
        for (var i = 0; i < chunks.Count; i++)
        {
            var part = chunks.Count == 1 ? title : $"{title} (part {i + 1} of {chunks.Count})";
            var result = await CommitAsync(repo, chunks[i], part, options.Description, options.Type, options.Revision, parent, gitIgnoreText, progress, cancellationToken);
            results.Add(result);
            parent = result.CommitId;
        }

        return results;
    }

    private async Task<CommitResult> CommitAsync(RepoId repo, IReadOnlyList<CommitOperation> operations, string title, string? description, RepoType type, Revision? revision, string? parentCommit, string? gitIgnore, IProgress<UploadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        var rev = revision ?? Revision.Main;
        var duplicate = operations.GroupBy(o => o.PathInRepo, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1 && g.Any(o => o is not CommitOperationDelete));
        if (duplicate is not null)
        {
            throw new ArgumentException($"'{duplicate.Key}' is changed twice in one commit.", nameof(operations));
        }

        var adds = operations.OfType<CommitOperationAdd>().ToList();
        var probes = await ForEachAddAsync(adds, null, (add, _, ct) => FileHasher.ProbeAsync(add, null, ct), cancellationToken);
        var total = probes.Values.Where(p => p.Sha256 is null || p.GitBlobId is null).Sum(p => p.Size);
        long done = 0;
        void Read(long n) => progress?.Report(new UploadProgress(UploadStage.Hashing, null, Interlocked.Add(ref done, n), total));

        // Files of 10 MB and more go through LFS on the Hub whatever else preupload weighs, so their sha256 is computed
        // while preupload is asked; should the answer be "regular" after all, the git id is computed afterwards.
        using var speculation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var large = adds.Where(a => probes[a] is { Size: >= SpeculativeHashBytes, Sha256: null }).ToList();
        var early = ForEachAddAsync(large, null, (add, _, ct) => FileHasher.HashAsync(add, sha256: true, gitBlobId: false, Read, ct), speculation.Token);
        Dictionary<string, UploadMode> modes;
        Dictionary<string, string> oids;
        string? head;
        Dictionary<CommitOperationAdd, FileHashes> earlyHashes;
        try
        {
            (modes, oids, head) = await PreuploadAsync(repo, type, rev, adds, probes, gitIgnore, cancellationToken);
            earlyHashes = await early;
        }
        catch
        {
            await speculation.CancelAsync();
            await early.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }

        // One read per file, for the one hash its mode needs; then files the branch already has byte for byte are left out.
        var toHash = adds.Where(a => modes.ContainsKey(a.PathInRepo)).ToList();
        var hashes = await ForEachAddAsync(toHash, probes, (add, probe, ct) =>
        {
            var lfs = modes[add.PathInRepo] == UploadMode.Lfs;
            return probe!.Sha256 is not null && probe.GitBlobId is not null ? Task.FromResult(probe)
                : lfs && earlyHashes.TryGetValue(add, out var known) ? Task.FromResult(known)
                : FileHasher.HashAsync(add, sha256: lfs, gitBlobId: !lfs, Read, ct);
        }, cancellationToken);
        foreach (var add in toHash)
        {
            var h = hashes[add];
            var fileId = modes[add.PathInRepo] == UploadMode.Lfs ? h.Sha256 : h.GitBlobId;
            if (oids.TryGetValue(add.PathInRepo, out var existing) && string.Equals(existing, fileId, StringComparison.OrdinalIgnoreCase))
            {
                modes.Remove(add.PathInRepo);
            }
        }

        var lines = new List<NdjsonCommitContent.Line>();
        var lfsObjects = new Dictionary<string, LfsUploader.LfsObject>(StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            switch (operation)
            {
                case CommitOperationAdd add when modes.TryGetValue(add.PathInRepo, out var mode):
                    var h = hashes[add];
                    if (mode == UploadMode.Lfs)
                    {
                        lfsObjects.TryAdd(h.Sha256!, new LfsUploader.LfsObject(h.Sha256!, h.Size, add.Open));
                        lines.Add(new NdjsonCommitContent.LfsFile(add.PathInRepo, h.Sha256!, h.Size));
                    }
                    else if (mode == UploadMode.Regular)
                    {
                        lines.Add(new NdjsonCommitContent.RegularFile(add.PathInRepo, add.Open));
                    }

                    break;
                case CommitOperationDelete delete:
                    lines.Add(new NdjsonCommitContent.Deletion(delete.PathInRepo, delete.IsFolder));
                    break;
                case CommitOperationCopy copy:
                    lines.Add(await CopyLineAsync(repo, type, rev, copy, cancellationToken));
                    break;
            }
        }

        if (lines.Count == 0 && head is not null)
        {
            // Everything is already there, byte for byte: no empty commit, as huggingface_hub does.
            return new CommitResult(head, CommitUrl(type, repo, head), 0, 0);
        }

        var (objects, bytes) = await _lfs.UploadAsync(repo, type, rev, lfsObjects.Values.ToList(), progress, cancellationToken);
        progress?.Report(new UploadProgress(UploadStage.Committing, null, 0, lines.Count));
        using var request = new HttpRequestMessage(HttpMethod.Post, ApiUrl(type, repo, "commit", rev))
        {
            Content = new NdjsonCommitContent(title, description, parentCommit, lines),
        };
        request.Options.Set(HubRequestOptions.NoTimeout, true);
        using var response = await _http.SendAsync(request, cancellationToken);
        var answer = await JsonSerializer.DeserializeAsync(await response.Content.ReadAsStreamAsync(cancellationToken), HubJsonContext.Default.CommitResponse, cancellationToken);
        var id = answer?.CommitOid is { Length: > 0 } value ? value : throw new HubException("The commit answer has no commitOid.");
        var url = Uri.TryCreate(answer.CommitUrl, UriKind.Absolute, out var parsed) ? parsed : CommitUrl(type, repo, id);
        progress?.Report(new UploadProgress(UploadStage.Committing, null, lines.Count, lines.Count));
        return new CommitResult(id, url, objects, bytes);
    }

    // Runs a step over every added file in parallel (files are independent; the disk and the hash units are shared).
    private static async Task<Dictionary<CommitOperationAdd, FileHashes>> ForEachAddAsync(IReadOnlyList<CommitOperationAdd> adds, Dictionary<CommitOperationAdd, FileHashes>? before, Func<CommitOperationAdd, FileHashes?, CancellationToken, Task<FileHashes>> step, CancellationToken cancellationToken)
    {
        var results = new System.Collections.Concurrent.ConcurrentDictionary<CommitOperationAdd, FileHashes>(ReferenceEqualityComparer.Instance);
        await Parallel.ForEachAsync(adds, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount), CancellationToken = cancellationToken }, async (add, ct) =>
        {
            results[add] = await step(add, before?[add], ct);
        });
        return new Dictionary<CommitOperationAdd, FileHashes>(results, ReferenceEqualityComparer.Instance);
    }

    private enum UploadMode
    {
        Regular,
        Lfs,
        Ignored,
    }

    // Path -> how it goes (files the server says to ignore are left out), path -> the id the branch has for it, and the
    // branch's head commit.
    private async Task<(Dictionary<string, UploadMode> Modes, Dictionary<string, string> Oids, string? Head)> PreuploadAsync(RepoId repo, RepoType type, Revision revision, List<CommitOperationAdd> adds, Dictionary<CommitOperationAdd, FileHashes> hashes, string? gitIgnore, CancellationToken cancellationToken)
    {
        var modes = new Dictionary<string, UploadMode>(StringComparer.Ordinal);
        var oids = new Dictionary<string, string>(StringComparer.Ordinal);
        string? head = null;
        foreach (var chunk in adds.Chunk(PreuploadBatch).DefaultIfEmpty([]))
        {
            var request = new PreuploadRequest
            {
                Files = chunk.Select(a => new PreuploadFile { Path = a.PathInRepo, Size = hashes[a].Size, Sample = hashes[a].Sample }).ToList(),
                GitIgnore = gitIgnore,
            };
            using var content = JsonContent.Create(request, HubJsonContext.Default.PreuploadRequest);
            using var response = await _http.PostAsync(ApiUrl(type, repo, "preupload", revision), content, cancellationToken);
            var answer = await JsonSerializer.DeserializeAsync(await response.Content.ReadAsStreamAsync(cancellationToken), HubJsonContext.Default.PreuploadResponse, cancellationToken)
                         ?? throw new HubException("The preupload answer is empty.");
            head ??= answer.CommitOid;
            var byPath = chunk.ToDictionary(a => a.PathInRepo, StringComparer.Ordinal);
            foreach (var verdict in answer.Files)
            {
                if (!byPath.TryGetValue(verdict.Path, out var add))
                {
                    continue;
                }

                if (verdict.ShouldIgnore)
                {
                    modes[verdict.Path] = UploadMode.Ignored;
                    continue;
                }

                modes[verdict.Path] = hashes[add].Size > 0 && verdict.IsLfs ? UploadMode.Lfs : UploadMode.Regular;
                if (verdict.Oid is { } existing)
                {
                    oids[verdict.Path] = existing;
                }
            }
        }

        var unanswered = adds.FirstOrDefault(a => !modes.ContainsKey(a.PathInRepo));
        if (unanswered is not null)
        {
            throw new HubException($"preupload did not answer for '{unanswered.PathInRepo}'.");
        }

        foreach (var path in modes.Where(m => m.Value == UploadMode.Ignored).Select(m => m.Key).ToList())
        {
            modes.Remove(path);
        }

        return (modes, oids, head);
    }

    private async Task<NdjsonCommitContent.Line> CopyLineAsync(RepoId repo, RepoType type, Revision revision, CommitOperationCopy copy, CancellationToken cancellationToken)
    {
        var from = copy.SourceRevision ?? revision;
        var entry = (await _repos.GetPathsInfoAsync(repo, [copy.SourcePathInRepo], type, from, cancellationToken: cancellationToken)).FirstOrDefault(e => e.IsFile)
                    ?? throw new EntryNotFoundException($"'{copy.SourcePathInRepo}' does not exist at {from.Value}, so it cannot be copied.");
        if (entry.Lfs is { } lfs)
        {
            return new NdjsonCommitContent.LfsFile(copy.PathInRepo, lfs.Oid, lfs.Size);
        }

        // A regular file is small (the server sends larger ones through LFS): read once, sent from memory.
        await using var stream = await _files.OpenReadAsync(repo, copy.SourcePathInRepo, from, type, cancellationToken);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        return new NdjsonCommitContent.RegularFile(copy.PathInRepo, () => new MemoryStream(bytes, writable: false));
    }

    private Uri ApiUrl(RepoType type, RepoId repo, string action, Revision revision) =>
        new($"{_options.Endpoint.AbsoluteUri.TrimEnd('/')}/api/{type.ApiSegment()}/{repo}/{action}/{Uri.EscapeDataString(revision.Value)}");

    private Uri CommitUrl(RepoType type, RepoId repo, string commit) =>
        new($"{_options.Endpoint.AbsoluteUri.TrimEnd('/')}/{type.UrlPrefix()}{repo}/commit/{commit}");

    // The files below a folder as huggingface_hub's upload_folder sees them: symbolic links to files are followed (a snapshot
    // in the Hub cache is nothing but links into blobs/), links to folders are not descended into (no loops), and links that
    // lead nowhere are left out.
    private static IEnumerable<string> FolderFiles(string root) =>
        new FileSystemEnumerable<string>(root, (ref FileSystemEntry entry) => entry.ToFullPath(), new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false })
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory,
            ShouldRecursePredicate = (ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        }.Where(path => LocalFile.Target(path) is { Exists: true });
}
