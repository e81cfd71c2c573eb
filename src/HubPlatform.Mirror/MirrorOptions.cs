namespace HubPlatform.Mirror;

/// <summary>Settings of the mirror (configuration section <c>Mirror</c>, or <c>hub serve</c> options).</summary>
public sealed class MirrorOptions
{
    /// <summary>The public base URL clients use; when empty, it is taken from each request's scheme and host.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// Where the dataset viewer API is served (<c>/datasets-server/rows?dataset=…</c>); empty to serve it at the root, for a
    /// host name of its own in front of the mirror.
    /// </summary>
    public string DatasetViewerPath { get; set; } = "/datasets-server";

    /// <summary>Whether <c>hub serve</c> runs the job worker itself (off when a separate <c>hub worker</c> runs the jobs).</summary>
    public bool RunWorker { get; set; } = true;

    /// <summary>How often download counts gathered in memory are written to the database.</summary>
    public double DownloadFlushSeconds { get; set; } = 5;

    /// <summary>
    /// How long signed LFS upload URLs stay valid: long enough for a multi-gigabyte multipart upload to reach its last
    /// part. They only let bytes that hash to the announced oid into the repository they were made for.
    /// </summary>
    public TimeSpan UploadUrlLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long signed LFS download URLs stay valid: they read a file without a token, so minutes.</summary>
    public TimeSpan DownloadUrlLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest object one LFS upload may hold.</summary>
    public long MaxLfsObjectBytes { get; set; } = 50L * 1000 * 1000 * 1000;

    /// <summary>Objects at least this large are offered the multipart transfer (parts uploaded separately, then joined).</summary>
    public long MultipartThresholdBytes { get; set; } = 500L * 1000 * 1000;

    /// <summary>The part size of multipart uploads (the <c>chunk_size</c> header).</summary>
    public long MultipartChunkBytes { get; set; } = 100L * 1000 * 1000;

    /// <summary>The longest NDJSON line of a commit (inline base64 files live in one line).</summary>
    public int MaxCommitLineBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>The most files, LFS files and deletions one commit may hold (<c>hub serve --Mirror:MaxCommitOperations=N</c>).</summary>
    public int MaxCommitOperations { get; set; } = 100_000;

    /// <summary>The largest JSON request body (repository creation with inline files, preupload, paths-info…).</summary>
    public int MaxJsonBodyBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Files at least this large are uploaded through LFS (10 MB, as the Hub).</summary>
    public long LfsThresholdBytes { get; set; } = 10 * 1000 * 1000;

    /// <summary>Requests one token (or one address, when anonymous) may make per window; 0 turns limiting off.</summary>
    public int RateLimitPermits { get; set; } = 30_000;

    /// <summary>
    /// Heavy requests (commit, preupload, LFS batch, validate-yaml, repository creation) one user runs at once; anonymous
    /// callers get half. 0 turns the limit off.
    /// </summary>
    public int HeavyRequestsPerCaller { get; set; } = 4;

    /// <summary>Heavy requests of one caller that wait for a turn before more are refused with 429.</summary>
    public int HeavyQueuePerCaller { get; set; } = 64;

    /// <summary>The largest body an anonymous caller may send (validate-yaml, paths-info, LFS download batches).</summary>
    public int MaxAnonymousBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The fixed window of the rate limit (5 minutes, as the Hub).</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A Hub to pull repositories from when a client asks for one the mirror lacks (<c>hub serve --upstream</c>).</summary>
    public string? UpstreamUrl { get; set; }

    /// <summary>The mirror's own token for the upstream (<c>HUBPLATFORM_UPSTREAM_TOKEN</c>); clients' tokens are never forwarded.</summary>
    public string? UpstreamToken { get; set; }

    /// <summary>Never ask the upstream: serve what is stored, and answer 504 for what is not.</summary>
    public bool Offline { get; set; }

    /// <summary>How long a pulled repository's refs are served before they are compared with upstream's again.</summary>
    public TimeSpan UpstreamRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one call to the upstream may take before the mirror answers from what it has (or 504).</summary>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The most bytes of pulled files kept; past it the least recently used are evicted (fetched again when asked for).
    /// Uploaded and synced files never count and are never evicted. 0 means no limit.
    /// </summary>
    public long PullCacheLimitBytes { get; set; }

    /// <summary>Globs of repository ids that may be pulled (all when empty), e.g. <c>acme/*</c>.</summary>
    public IList<string> UpstreamAllow { get; } = [];

    /// <summary>Globs of repository ids that are never pulled.</summary>
    public IList<string> UpstreamDeny { get; } = [];

    /// <summary>Entries per page of tree listings.</summary>
    public int TreePageSize { get; set; } = 1000;

    /// <summary>How many bytes of repository listing answers are kept in memory (see <c>ListingCache</c>).</summary>
    public long ListingCacheBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>How many bytes of small files are served from memory (0 turns this off; see <c>SmallFileCache</c>).</summary>
    public long SmallFileCacheBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The largest file kept in the small-file cache.</summary>
    public long SmallFileMaxBytes { get; set; } = 256 * 1024;
}
