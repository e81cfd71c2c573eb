using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HubPlatform.Client.Cache;
using HubPlatform.Client.Errors;
using HubPlatform.Client.Http;
using HubPlatform.Hub;
using HubPlatform.Hub.Api;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace HubPlatform.Client.Files;

/// <summary>
/// File metadata and downloads, with the semantics of <c>huggingface_hub</c>'s <c>get_hf_file_metadata</c>,
/// <c>hf_hub_download</c> and <c>snapshot_download</c>, into the same cache layout.
/// </summary>
public sealed class FilesClient
{
    private readonly HttpClient _http;
    private readonly HubClientOptions _options;
    private readonly HubCache _cache;
    private readonly RepositoriesClient _repos;
    private readonly BlobDownloader _downloader;
    private readonly ILogger _logger;

    internal FilesClient(HttpClient http, HubClientOptions options, RepositoriesClient repos, ILogger logger)
    {
        _http = http;
        _options = options;
        _repos = repos;
        _logger = logger;
        _cache = new HubCache(options.CacheDirectory);
        _downloader = new BlobDownloader(http, options, logger);
    }

    /// <summary>The client's cache.</summary>
    public HubCache Cache => _cache;

    /// <summary>
    /// HEADs the file's resolve URL without following cross-origin redirects (a renamed repository's relative redirect is
    /// followed) and reads <c>X-Repo-Commit</c>, the ETag and the size as <c>huggingface_hub</c> does.
    /// </summary>
    /// <exception cref="EntryNotFoundException">The file does not exist at that revision.</exception>
    /// <exception cref="HubException">The answer lacks the headers of a Hub.</exception>
    public async Task<HubFileMetadata> GetFileMetadataAsync(RepoId repo, string path, Revision? revision = null, RepoType type = RepoType.Model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        RepoFilePath.Validate(path);
        var url = HubUrls.Resolve(_options.Endpoint, type, repo, revision ?? Revision.Main, path);
        using var request = new HttpRequestMessage(HttpMethod.Head, url);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
        request.Options.Set(HubRequestOptions.Redirects, RedirectPolicy.SameOriginOnly);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return ReadMetadata(response, url);
    }

    /// <summary>
    /// Opens a file's bytes as a stream straight from the Hub (no cache), following redirects; the caller disposes it.
    /// </summary>
    /// <exception cref="EntryNotFoundException">The file does not exist at that revision.</exception>
    public async Task<Stream> OpenReadAsync(RepoId repo, string path, Revision? revision = null, RepoType type = RepoType.Model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        RepoFilePath.Validate(path);
        var url = HubUrls.Resolve(_options.Endpoint, type, repo, revision ?? Revision.Main, path);
        var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return new ResponseStream(response, await response.Content.ReadAsStreamAsync(cancellationToken));
    }

    /// <summary>Whether the file exists at the revision (a HEAD; <see langword="false"/> on <c>EntryNotFound</c>).</summary>
    public async Task<bool> FileExistsAsync(RepoId repo, string path, Revision? revision = null, RepoType type = RepoType.Model, CancellationToken cancellationToken = default)
    {
        try
        {
            await GetFileMetadataAsync(repo, path, revision, type, cancellationToken);
            return true;
        }
        catch (EntryNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Downloads one file into the cache (or <see cref="DownloadOptions.LocalDirectory"/>) and returns its local path,
    /// answering from the cache when the file is there: without any call for a commit id, and always in offline mode.
    /// When the Hub cannot be reached or fails, a cached copy of the revision is returned instead.
    /// </summary>
    /// <exception cref="EntryNotFoundException">The file does not exist at that revision (recorded under <c>.no_exist</c>).</exception>
    /// <exception cref="LocalEntryNotFoundException">Offline, or the Hub unreachable, and the file is not cached.</exception>
    public async Task<string> DownloadFileAsync(RepoId repo, string path, DownloadOptions? options = null, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        RepoFilePath.Validate(path);
        options ??= new DownloadOptions();
        return options.LocalDirectory is { } localDir
            ? await DownloadToLocalDirAsync(repo, path, options, localDir, progress, cancellationToken)
            : await DownloadToCacheAsync(repo, path, options, progress, cancellationToken);
    }

    /// <summary>
    /// Downloads every file of a revision that passes the allow and ignore patterns, several at once, and returns the
    /// snapshot folder (or the local directory). One failed file fails the whole call with its name; finished files stay cached.
    /// </summary>
    public async Task<string> SnapshotDownloadAsync(RepoId repo, SnapshotOptions? options = null, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        options ??= new SnapshotOptions();
        var revision = options.Revision ?? Revision.Main;
        var cache = options.CacheDirectory is { } dir ? new HubCache(dir) : _cache;
        var type = options.RepoType;

        string commit;
        List<TreeEntry> tree;
        if (_options.Offline)
        {
            return OfflineSnapshot(cache, type, repo, revision, options.LocalDirectory);
        }

        try
        {
            commit = revision.IsCommitId ? revision.Value : await _repos.ResolveCommitAsync(repo, type, revision, cancellationToken);
            tree = await ListFilesCachedAsync(cache, type, repo, commit, cancellationToken);
        }
        catch (Exception e) when (IsConnectivityFailure(e, cancellationToken))
        {
            _logger.LogWarning("Could not list {Repo} at {Revision} ({Reason}); using the cached snapshot.", repo, revision, e.Message);
            return OfflineSnapshot(cache, type, repo, revision, options.LocalDirectory, e);
        }

        if (options.LocalDirectory is null)
        {
            cache.WriteRef(type, repo, revision, commit);
            Directory.CreateDirectory(cache.SnapshotFolder(type, repo, commit));
        }

        var filter = new RepoPathFilter(options.AllowPatterns, options.IgnorePatterns);
        var files = tree.Where(e => e.IsFile && filter.Includes(e.Path)).ToList();
        var fileOptions = new DownloadOptions
        {
            RepoType = type,
            Revision = Revision.Parse(commit),
            CacheDirectory = cache.Root,
            LocalDirectory = options.LocalDirectory,
            ForceDownload = options.ForceDownload,
        };
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelDownloads ?? _options.MaxParallelDownloads),
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(files, parallel, async (entry, ct) =>
        {
            try
            {
                await DownloadFileAsync(repo, entry.Path, fileOptions, progress, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw new SnapshotDownloadException(entry.Path, e.Message, e);
            }
        });

        return options.LocalDirectory is { } local ? Path.GetFullPath(local) : cache.SnapshotFolder(type, repo, commit);
    }

    internal static HubFileMetadata ReadMetadata(HttpResponseMessage response, Uri requested)
    {
        var headers = response.Headers;
        var commit = First(headers, HubHeaders.RepoCommit);
        var etag = NormalizeETag(First(headers, HubHeaders.LinkedETag) ?? headers.ETag?.Tag ?? First(headers, "ETag"));
        var isRedirect = (int)response.StatusCode is >= 300 and < 400;
        long? size = long.TryParse(First(headers, HubHeaders.LinkedSize), NumberStyles.None, CultureInfo.InvariantCulture, out var linked)
            ? linked
            : isRedirect ? null : response.Content.Headers.ContentLength;
        var final = response.RequestMessage?.RequestUri ?? requested;
        var location = isRedirect && headers.Location is { } target ? (target.IsAbsoluteUri ? target : new Uri(final, target)) : final;

        if (commit is null || !Revision.IsFullCommitId(commit))
        {
            throw new HubException($"The server at {requested.GetLeftPart(UriPartial.Authority)} did not send {HubHeaders.RepoCommit}: it is not a Hub endpoint, or a proxy removed the header.");
        }

        if (etag is null)
        {
            throw new HubException($"The server sent no ETag for {requested}: the file cannot be cached safely.");
        }

        return new HubFileMetadata(commit.ToLowerInvariant(), etag, size, location);
    }

    // FileInfo.Length of a symbolic link is the link's own length; snapshots are links.
    private static long RealLength(string path) => LocalFile.Target(path) is { Exists: true } target ? target.Length : 0;

    private static string? NormalizeETag(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var v = value.Trim();
        if (v.StartsWith("W/", StringComparison.Ordinal))
        {
            v = v[2..];
        }

        return v.Trim('"');
    }

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static bool IsConnectivityFailure(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && e is HttpRequestException or TimeoutRejectedException or TaskCanceledException or TimeoutException or IOException;

    // The errors after which hf_hub_download falls back to a cached copy: everything but "this does not exist".
    private static bool AllowsCacheFallback(Exception e, CancellationToken cancellationToken) =>
        IsConnectivityFailure(e, cancellationToken)
        || (e is HubException && e is not EntryNotFoundException and not RevisionNotFoundException);

    private async Task<string> DownloadToCacheAsync(RepoId repo, string path, DownloadOptions options, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var revision = options.Revision ?? Revision.Main;
        var type = options.RepoType;
        var cache = options.CacheDirectory is { } dir ? new HubCache(dir) : _cache;

        if (revision.IsCommitId && !options.ForceDownload && cache.TryGetCachedFile(type, repo, revision, path) is { } pinned)
        {
            progress?.Report(new DownloadProgress(path, RealLength(pinned), null, true));
            return pinned;
        }

        if (_options.Offline)
        {
            return FromCacheOrThrow(cache, type, repo, revision, path, null);
        }

        HubFileMetadata meta;
        try
        {
            meta = await GetFileMetadataAsync(repo, path, revision, type, cancellationToken);
        }
        catch (EntryNotFoundException e)
        {
            if (e.RepoCommit is { } missingAt && Revision.IsFullCommitId(missingAt))
            {
                cache.WriteRef(type, repo, revision, missingAt.ToLowerInvariant());
                cache.MarkMissing(type, repo, missingAt.ToLowerInvariant(), path);
            }

            throw;
        }
        catch (Exception e) when (AllowsCacheFallback(e, cancellationToken))
        {
            return FromCacheOrThrow(cache, type, repo, revision, path, e);
        }

        cache.WriteRef(type, repo, revision, meta.CommitHash);
        var snapshot = cache.SnapshotPath(type, repo, meta.CommitHash, path);
        var blob = cache.BlobPath(type, repo, meta.ETag);
        if (!options.ForceDownload && File.Exists(snapshot))
        {
            progress?.Report(new DownloadProgress(path, RealLength(snapshot), meta.Size, true));
            return snapshot;
        }

        using (await FileLock.AcquireAsync(cache.LockPath(type, repo, meta.ETag), cancellationToken))
        {
            var blobIsNew = false;
            if (options.ForceDownload || !File.Exists(blob))
            {
                var incomplete = blob + ".incomplete";
                await _downloader.DownloadAsync(meta.Location, incomplete, path, meta.Size, meta.IsLfs ? meta.ETag : null, progress, cancellationToken);
                File.Move(incomplete, blob, overwrite: true);
                blobIsNew = true;
            }

            cache.LinkSnapshot(blob, snapshot, _options.DisableSymlinks, blobIsNew);
        }

        progress?.Report(new DownloadProgress(path, meta.Size ?? RealLength(snapshot), meta.Size, true));
        return snapshot;
    }

    private string FromCacheOrThrow(HubCache cache, RepoType type, RepoId repo, Revision revision, string path, Exception? cause)
    {
        if (cache.TryGetCachedFile(type, repo, revision, path) is { } cached)
        {
            if (cause is not null)
            {
                _logger.LogWarning("Could not reach the Hub for {Repo}/{Path} ({Reason}); using the cached copy.", repo, path, cause.Message);
            }

            return cached;
        }

        if (cache.IsKnownMissing(type, repo, revision, path))
        {
            throw new EntryNotFoundException($"'{path}' does not exist in {repo} at {revision} (known from the cache).");
        }

        if (cause is HubHttpException http)
        {
            throw http;
        }

        var why = cause is null ? "offline mode is on (HF_HUB_OFFLINE)" : $"the Hub could not be reached ({cause.Message})";
        throw new LocalEntryNotFoundException($"'{path}' of {repo} at {revision} is not in the cache at {cache.Root}, and {why}.", cause);
    }

    private string OfflineSnapshot(HubCache cache, RepoType type, RepoId repo, Revision revision, string? localDir, Exception? cause = null)
    {
        if (localDir is not null && Directory.Exists(localDir))
        {
            return Path.GetFullPath(localDir);
        }

        if (cache.ResolveCommit(type, repo, revision) is { } commit && Directory.Exists(cache.SnapshotFolder(type, repo, commit)))
        {
            return cache.SnapshotFolder(type, repo, commit);
        }

        if (cause is HubHttpException http)
        {
            throw http;
        }

        var why = cause is null ? "offline mode is on (HF_HUB_OFFLINE)" : $"the Hub could not be reached ({cause.Message})";
        throw new LocalEntryNotFoundException($"No snapshot of {repo} at {revision} is in the cache at {cache.Root}, and {why}.", cause);
    }

    private async Task<List<TreeEntry>> ListFilesCachedAsync(HubCache cache, RepoType type, RepoId repo, string commit, CancellationToken cancellationToken)
    {
        var entries = new List<TreeEntry>();
        await foreach (var entry in _repos.ListTreeAsync(repo, type, Revision.Parse(commit), path: null, recursive: true, expand: false, cancellationToken))
        {
            entries.Add(entry);
        }

        TreeCacheFile.Write(cache.TreeCachePath(type, repo, commit), entries);
        return entries;
    }

    private async Task<string> DownloadToLocalDirAsync(RepoId repo, string path, DownloadOptions options, string localDir, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var revision = options.Revision ?? Revision.Main;
        var local = new LocalDirLayout(localDir);
        var target = RepoFilePath.UnderFolder(local.Root, path);
        var metadata = local.ReadMetadata(path);

        if (!options.ForceDownload && metadata is not null && revision.IsCommitId && string.Equals(metadata.CommitHash, revision.Value, StringComparison.OrdinalIgnoreCase))
        {
            return target;
        }

        if (_options.Offline)
        {
            return File.Exists(target)
                ? target
                : throw new LocalEntryNotFoundException($"'{path}' is not in {local.Root}, and offline mode is on (HF_HUB_OFFLINE).");
        }

        HubFileMetadata meta;
        try
        {
            meta = await GetFileMetadataAsync(repo, path, revision, options.RepoType, cancellationToken);
        }
        catch (Exception e) when (AllowsCacheFallback(e, cancellationToken) && File.Exists(target))
        {
            _logger.LogWarning("Could not reach the Hub for {Repo}/{Path} ({Reason}); using {Target}.", repo, path, e.Message, target);
            return target;
        }

        if (!options.ForceDownload && File.Exists(target))
        {
            var unchanged = metadata is not null && string.Equals(metadata.ETag, meta.ETag, StringComparison.Ordinal);
            if (!unchanged && meta.IsLfs && RealLength(target) == meta.Size)
            {
                unchanged = string.Equals(await Sha256Hash.ComputeFileAsync(target, cancellationToken), meta.ETag, StringComparison.OrdinalIgnoreCase);
            }

            if (unchanged)
            {
                local.WriteMetadata(path, meta.CommitHash, meta.ETag);
                progress?.Report(new DownloadProgress(path, RealLength(target), meta.Size, true));
                return target;
            }
        }

        using (await FileLock.AcquireAsync(local.LockPath(path), cancellationToken))
        {
            var incomplete = local.IncompletePath(path, meta.ETag);
            await _downloader.DownloadAsync(meta.Location, incomplete, path, meta.Size, meta.IsLfs ? meta.ETag : null, progress, cancellationToken);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(incomplete, target, overwrite: true);
            local.WriteMetadata(path, meta.CommitHash, meta.ETag);
        }

        progress?.Report(new DownloadProgress(path, RealLength(target), meta.Size, true));
        return target;
    }

    /// <summary><c>{local_dir}/.cache/huggingface/</c>, as <c>huggingface_hub</c>'s <c>_local_folder</c> lays it out.</summary>
    private sealed class LocalDirLayout
    {
        public LocalDirLayout(string root)
        {
            Root = Path.GetFullPath(root);
            HfDir = Path.Combine(Root, ".cache", "huggingface");
            Directory.CreateDirectory(HfDir);
            var ignore = Path.Combine(HfDir, ".gitignore");
            if (!File.Exists(ignore))
            {
                HubCache.WriteAtomically(ignore, "*"u8);
            }
        }

        public string Root { get; }

        private string HfDir { get; }

        public string MetadataPath(string path) => RepoFilePath.UnderFolder(Path.Combine(HfDir, "download"), path) + ".metadata";

        public string LockPath(string path) => RepoFilePath.UnderFolder(Path.Combine(HfDir, "download"), path) + ".lock";

        public string IncompletePath(string path, string etag) => RepoFilePath.UnderFolder(Path.Combine(HfDir, "download"), path) + "." + etag + ".incomplete";

        public LocalMetadata? ReadMetadata(string path)
        {
            var metadataPath = MetadataPath(path);
            var target = RepoFilePath.UnderFolder(Root, path);
            if (!File.Exists(metadataPath) || !File.Exists(target))
            {
                return null;
            }

            var lines = File.ReadAllLines(metadataPath);
            if (lines.Length < 3 || !double.TryParse(lines[2].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var timestamp))
            {
                File.Delete(metadataPath);
                return null;
            }

            // A file changed after its metadata was written is no longer what the Hub sent.
            var modified = new DateTimeOffset(File.GetLastWriteTimeUtc(target)).ToUnixTimeMilliseconds() / 1000.0;
            return modified - 1 <= timestamp ? new LocalMetadata(lines[0].Trim(), lines[1].Trim()) : null;
        }

        public void WriteMetadata(string path, string commit, string etag)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
            var text = $"{commit}\n{etag}\n{now.ToString("0.000", CultureInfo.InvariantCulture)}\n";
            HubCache.WriteAtomically(MetadataPath(path), Encoding.UTF8.GetBytes(text));
        }
    }

    private sealed record LocalMetadata(string CommitHash, string ETag);
}
