namespace HubPlatform.Storage;

/// <summary>
/// One blob being written: bytes go to a temporary file in the store while they are hashed, and become a blob only when
/// <see cref="CommitAsync"/> finds them as expected. Disposing an uncommitted writer leaves nothing behind.
/// </summary>
public interface IBlobWriter : IAsyncDisposable
{
    /// <summary>Bytes written so far.</summary>
    long Length { get; }

    /// <summary>
    /// The temporary file the bytes go to until the commit; others may read it while it grows (it stays readable through an
    /// open handle after it is renamed into place or removed).
    /// </summary>
    string TemporaryPath { get; }

    /// <summary>Appends bytes.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>Flushes to disk, checks the expectations and renames the file into place.</summary>
    /// <exception cref="BlobMismatchException">When the size or sha256 is not the expected one (nothing is stored).</exception>
    Task<StoredBlob> CommitAsync(string? expectedSha256, long? expectedSize, CancellationToken cancellationToken);
}
