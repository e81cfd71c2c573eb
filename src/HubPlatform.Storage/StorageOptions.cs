namespace HubPlatform.Storage;

/// <summary>Where the mirror keeps its data (<c>HUBPLATFORM_DATA</c> or <c>hub serve --data</c>).</summary>
public sealed class StorageOptions
{
    /// <summary>The data folder: <c>hub.db</c> and <c>blobs/</c> live in it.</summary>
    public string DataDirectory { get; set; } = Path.GetFullPath(".data");

    /// <summary>The SQLite file.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, "hub.db");

    /// <summary>The blob store's root.</summary>
    public string BlobDirectory => Path.Combine(DataDirectory, "blobs");

    /// <summary>Where the parts of multipart uploads wait for their completion, one folder per object.</summary>
    public string UploadsDirectory => Path.Combine(DataDirectory, "uploads");

    /// <summary>
    /// How many tree entries the shared cache of decoded tree nodes holds (about 150 bytes each): the folders of the
    /// revisions being read stay in memory, so a path lookup reads no row.
    /// </summary>
    public long TreeCacheEntries { get; set; } = 400_000;

    /// <summary>
    /// How long a repository row, its refs or a token's caller may be served from memory after a change made by another
    /// process on the same data folder (changes made through this process are seen at once). 0 turns the cache off.
    /// </summary>
    public double RowCacheSeconds { get; set; } = 2;

    /// <summary>
    /// <c>hub fsck --repair</c> removes no blob written more recently than this, so uploads not committed yet and commits
    /// in flight while it runs keep their bytes.
    /// </summary>
    public TimeSpan FsckGracePeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a worker holds a job before another may take it (a running job renews its lease a few times per period).</summary>
    public TimeSpan JobLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many times a job is tried before it fails for good.</summary>
    public int JobMaxAttempts { get; set; } = 5;

    /// <summary>How long an idle worker waits before it looks for jobs again.</summary>
    public TimeSpan JobPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many repositories, ref sets and callers the row cache holds.</summary>
    public long RowCacheEntries { get; set; } = 100_000;
}
