namespace HubPlatform.Storage;

/// <summary>Bytes addressed by their sha256. Writes are atomic: a blob is either whole under its name or absent.</summary>
public interface IBlobStore
{
    /// <summary>
    /// Streams content into the store, hashing while writing to a temporary file that is flushed and renamed into place.
    /// When expectations are given and not met, nothing is stored and <see cref="BlobMismatchException"/> is thrown.
    /// </summary>
    Task<StoredBlob> WriteAsync(Stream content, string? expectedSha256, long? expectedSize, long maxSize, CancellationToken cancellationToken);

    /// <summary>Writes content to the store, hashed, without making it visible under its name or durable yet.</summary>
    /// <exception cref="BlobMismatchException">When it is larger than <paramref name="maxSize"/> (nothing is kept).</exception>
    Task<IStagedBlob> StageAsync(Stream content, long maxSize, CancellationToken cancellationToken);

    /// <summary>
    /// Moves staged blobs into place and makes them durable; many at once cost one flush of the file system (so a commit of
    /// many small files costs one flush, not one per file).
    /// </summary>
    Task PublishAsync(IReadOnlyCollection<IStagedBlob> staged, CancellationToken cancellationToken);

    /// <summary>Starts writing a blob piece by piece (for bytes that are also sent elsewhere while they arrive).</summary>
    IBlobWriter BeginWrite();

    /// <summary>
    /// Makes an existing file a blob: it is flushed to disk, its sha256 and size are checked, and it is moved into place
    /// (a rename when it is on the store's file system, so its bytes are not written again).
    /// </summary>
    /// <param name="file">The file.</param>
    /// <param name="expectedSha256">Its announced sha256.</param>
    /// <param name="expectedSize">Its announced size.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <param name="knownSha256">The sha256 the caller computed from the file's bytes as they were written, which then is not computed again.</param>
    /// <exception cref="BlobMismatchException">When the size or sha256 is not the expected one (the file stays where it is).</exception>
    Task<StoredBlob> AdoptAsync(string file, string expectedSha256, long expectedSize, CancellationToken cancellationToken, string? knownSha256 = null);

    /// <summary>Whether a blob is stored.</summary>
    bool Exists(string sha256);

    /// <summary>The size of a stored blob, or null.</summary>
    long? SizeOf(string sha256);

    /// <summary>When a stored blob was last written (a content stored again counts as new), or null when it is absent.</summary>
    DateTimeOffset? WrittenAt(string sha256);

    /// <summary>Opens a stored blob for reading.</summary>
    Stream OpenRead(string sha256);

    /// <summary>
    /// Opens a stored blob for reads here and there (a Parquet file's footer, then the column chunks a page needs):
    /// synchronous reads without read-ahead, since each one is large or served from the buffer, and a thread hop per read
    /// doubled the time of a split's statistics.
    /// </summary>
    Stream OpenRandomAccess(string sha256);

    /// <summary>The blob's file, for zero-copy serving.</summary>
    string PathOf(string sha256);

    /// <summary>Every stored blob id (for fsck).</summary>
    IEnumerable<string> List();

    /// <summary>
    /// Counts (and, unless <paramref name="dryRun"/>, deletes) temporary files of uploads older than <paramref name="olderThan"/>:
    /// what a killed process leaves behind. Younger ones may belong to an upload in progress and are left alone.
    /// </summary>
    int RemoveStaleTemporaryFiles(TimeSpan olderThan, bool dryRun);

    /// <summary>Removes a blob.</summary>
    void Delete(string sha256);
}

/// <summary>A blob that was stored.</summary>
/// <param name="Sha256">Its id.</param>
/// <param name="Size">Its size.</param>
public sealed record StoredBlob(string Sha256, long Size);
