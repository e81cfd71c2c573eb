namespace HubPlatform.Client;

/// <summary>
/// Settings of a <see cref="HubClient"/>. <see cref="HubEnvironment.Resolve()"/> fills them the way <c>huggingface_hub</c> does,
/// from <c>HF_*</c> environment variables and the token file.
/// </summary>
public sealed class HubClientOptions
{
    /// <summary>The Hub's public address (<c>HF_ENDPOINT</c>); default <c>https://huggingface.co</c>.</summary>
    public Uri Endpoint { get; set; } = new("https://huggingface.co");

    /// <summary>
    /// The dataset viewer's address; null for the default: <c>https://datasets-server.huggingface.co</c> for huggingface.co,
    /// else <c>{Endpoint}/datasets-server</c> (where a HubPlatform mirror serves it). The token is sent there too.
    /// </summary>
    public Uri? DatasetViewerEndpoint { get; set; }

    /// <summary>The dataset viewer's address as used: <see cref="DatasetViewerEndpoint"/>, or its default for <see cref="Endpoint"/>.</summary>
    public Uri ResolvedDatasetViewerEndpoint => DatasetViewerEndpoint
        ?? (string.Equals(Endpoint.IdnHost, "huggingface.co", StringComparison.OrdinalIgnoreCase)
            ? new Uri("https://datasets-server.huggingface.co")
            : new Uri(Endpoint.AbsoluteUri.TrimEnd('/') + "/datasets-server"));

    /// <summary>The bearer token (<c>HF_TOKEN</c> or the token file), or <see langword="null"/> for anonymous calls. Sent only to <see cref="Endpoint"/>'s origin.</summary>
    public string? Token { get; set; }

    /// <summary>The cache root (<c>HF_HUB_CACHE</c>, else <c>$HF_HOME/hub</c>).</summary>
    public string CacheDirectory { get; set; } = HubEnvironment.DefaultCacheDirectory(Environment.GetEnvironmentVariable);

    /// <summary>When set (<c>HF_HUB_OFFLINE=1</c>), no network call is made and downloads are answered from the cache alone.</summary>
    public bool Offline { get; set; }

    /// <summary>
    /// Where interrupted multipart uploads remember the parts the server acknowledged, so a second run sends only the rest
    /// (default <c>$HF_HOME/hubplatform/uploads</c>).
    /// </summary>
    public string UploadStateDirectory { get; set; } = Path.Combine(HubEnvironment.HomeDirectory(Environment.GetEnvironmentVariable), "hubplatform", "uploads");

    /// <summary>Whether progress bars are hidden (<c>HF_HUB_DISABLE_PROGRESS_BARS=1</c>); read by the CLI.</summary>
    public bool DisableProgressBars { get; set; }

    /// <summary>When set (<c>HF_HUB_DISABLE_SYMLINKS=1</c>), snapshots hold copies of blobs instead of symbolic links.</summary>
    public bool DisableSymlinks { get; set; }

    /// <summary>Time allowed for one attempt of an API call or metadata HEAD, until response headers arrive (<c>HF_HUB_ETAG_TIMEOUT</c>; 10 s).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for one read of a download body before the download is resumed (<c>HF_HUB_DOWNLOAD_TIMEOUT</c>; 10 s).</summary>
    public TimeSpan DownloadReadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of idempotent requests after a 408, 429, 5xx, timeout or dropped connection (5, as <c>huggingface_hub</c>).</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>The first retry delay; it doubles with jitter up to <see cref="MaxRetryDelay"/>. A 429's <c>Retry-After</c> takes precedence.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between retries (8 s).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>How many times a download cut off mid-stream is resumed with a <c>Range</c> request.</summary>
    public int MaxResumeAttempts { get; set; } = 5;

    /// <summary>
    /// fsync each downloaded blob before it is renamed into place. Off by default, as in <c>huggingface_hub</c>: it costs
    /// about half a second per GiB, and LFS blobs are verified against their sha256 anyway.
    /// </summary>
    public bool FlushBlobsToDisk { get; set; }

    /// <summary>Files fetched at once by a snapshot download (8).</summary>
    public int MaxParallelDownloads { get; set; } = 8;

    /// <summary>
    /// Parts of a multipart upload sent at once. More helps over long links; on loopback the machine's cores are the limit,
    /// hence the default of one per core (at least 2, at most 8).
    /// </summary>
    public int MaxParallelUploads { get; set; } = Math.Clamp(Environment.ProcessorCount, 2, 8);

    /// <summary>The <c>User-Agent</c> product token.</summary>
    public string UserAgent { get; set; } = "hubplatform/" + typeof(HubClientOptions).Assembly.GetName().Version?.ToString(3);

    /// <summary>A copy, so that a client never sees later changes to the options it was built with.</summary>
    public HubClientOptions Clone() => (HubClientOptions)MemberwiseClone();
}
