using System.Buffers;
using System.Security.Cryptography;
using HubPlatform.Hub;
using HubPlatform.Storage;
using Microsoft.Extensions.Options;

namespace HubPlatform.BlobStore.FileSystem;

/// <summary>
/// The blob store on a file system: <c>blobs/ab/cd/{sha256}</c>, with uploads streamed into <c>blobs/tmp/</c> (same file system,
/// so the final rename is atomic).
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private const int BufferSize = 256 * 1024;
    private readonly string _root;

    public FileSystemBlobStore(IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _root = options.Value.BlobDirectory;
        Directory.CreateDirectory(TempDirectory);
    }

    private string TempDirectory => Path.Combine(_root, "tmp");

    public async Task<StoredBlob> WriteAsync(Stream content, string? expectedSha256, long? expectedSize, long maxSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        await using var writer = BeginWrite();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                var size = writer.Length + read;
                if (size > maxSize || (expectedSize is { } limit && size > limit))
                {
                    throw new BlobMismatchException(expectedSize is { } e && size > e
                        ? $"The upload is larger than the announced {e} bytes."
                        : $"The upload is larger than the limit of {maxSize} bytes.");
                }

                await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return await writer.CommitAsync(expectedSha256, expectedSize, cancellationToken);
    }

    public async Task<StoredBlob> AdoptAsync(string file, string expectedSha256, long expectedSize, CancellationToken cancellationToken, string? knownSha256 = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        string sha;
        long size;
        await using (var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            size = stream.Length;

            // A file of the wrong size is refused by Place without being hashed.
            sha = size == expectedSize ? knownSha256 ?? await Sha256Hash.ComputeAsync(stream, cancellationToken) : string.Empty;
#pragma warning disable CA1849 // FlushAsync cannot fsync; a stored blob must survive a crash once a row references it.
            stream.Flush(flushToDisk: true);
#pragma warning restore CA1849
        }

        return Place(file, sha, size, expectedSha256, expectedSize);
    }

    // Checks what was written against what was announced, then renames it into place (atomic on one file system).
    private StoredBlob Place(string file, string sha, long size, string? expectedSha256, long? expectedSize)
    {
        if (expectedSize is { } expected && size != expected)
        {
            throw new BlobMismatchException($"The upload has {size} bytes, not the announced {expected}.");
        }

        if (expectedSha256 is not null && !string.Equals(sha, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new BlobMismatchException($"The upload's sha256 is {sha}, not the announced {expectedSha256}.");
        }

        var target = PathOf(sha);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(file, target, overwrite: true);
        return new StoredBlob(sha, size);
    }

    public async Task<IStagedBlob> StageAsync(Stream content, long maxSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var temp = Path.Combine(TempDirectory, Guid.NewGuid().ToString("N"));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                size += read;
                if (size > maxSize)
                {
                    throw new BlobMismatchException($"The content is larger than the limit of {maxSize} bytes.");
                }

                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new Staged(temp, Convert.ToHexStringLower(hash.GetHashAndReset()), size);
    }

    public Task PublishAsync(IReadOnlyCollection<IStagedBlob> staged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staged);
        var moved = new List<string>(staged.Count);
        foreach (var blob in staged.Cast<Staged>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (blob.Published)
            {
                continue;
            }

            var target = PathOf(blob.Sha256);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(blob.TemporaryPath, target, overwrite: true);
            blob.Published = true;
            moved.Add(target);
        }

        if (moved.Count > 0)
        {
            FileSystemFlush.Flush(_root, moved);
        }

        return Task.CompletedTask;
    }

    public IBlobWriter BeginWrite() => new Writer(this, Path.Combine(TempDirectory, Guid.NewGuid().ToString("N")));

    public bool Exists(string sha256) => Sha256Hash.IsSha256(sha256) && File.Exists(PathOf(sha256));

    public long? SizeOf(string sha256) => Exists(sha256) ? new FileInfo(PathOf(sha256)).Length : null;

    public DateTimeOffset? WrittenAt(string sha256) => Exists(sha256) ? File.GetLastWriteTimeUtc(PathOf(sha256)) : null;

    public Stream OpenRead(string sha256) =>
        new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);

    public Stream OpenRandomAccess(string sha256) =>
        new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.RandomAccess);

    public string PathOf(string sha256)
    {
        if (!Sha256Hash.IsSha256(sha256))
        {
            throw new ArgumentException($"'{sha256}' is not a sha256.", nameof(sha256));
        }

        var id = sha256.ToLowerInvariant();
        return Path.Combine(_root, id[..2], id[2..4], id);
    }

    public IEnumerable<string> List() =>
        Directory.Exists(_root)
            ? Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
                .Where(p => !p.StartsWith(TempDirectory, StringComparison.Ordinal))
                .Select(p => Path.GetFileName(p))
                .Where(Sha256Hash.IsSha256)
            : [];

    public int RemoveStaleTemporaryFiles(TimeSpan olderThan, bool dryRun)
    {
        var limit = DateTime.UtcNow - olderThan;
        var stale = Directory.Exists(TempDirectory)
            ? Directory.EnumerateFiles(TempDirectory).Where(f => File.GetLastWriteTimeUtc(f) < limit).ToList()
            : [];
        if (!dryRun)
        {
            stale.ForEach(File.Delete);
        }

        return stale.Count;
    }

    public void Delete(string sha256)
    {
        var path = PathOf(sha256);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private sealed class Staged(string temporaryPath, string sha256, long size) : IStagedBlob
    {
        public string Sha256 => sha256;

        public long Size => size;

        public string TemporaryPath => temporaryPath;

        public bool Published { get; set; }

        public Stream OpenRead() => Published ? throw new InvalidOperationException("A published blob is read from the store.") : new FileStream(temporaryPath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous);

        public ValueTask DisposeAsync()
        {
            if (!Published)
            {
                File.Delete(temporaryPath);
                Published = true;
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class Writer(FileSystemBlobStore store, string temp) : IBlobWriter
    {
        private readonly FileStream _file = new(temp, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, 1, FileOptions.Asynchronous);
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private bool _closed;

        public long Length { get; private set; }

        public string TemporaryPath => temp;

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _hash.AppendData(bytes.Span);
            await _file.WriteAsync(bytes, cancellationToken);
            Length += bytes.Length;
        }

        public async Task<StoredBlob> CommitAsync(string? expectedSha256, long? expectedSize, CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            var sha = Convert.ToHexStringLower(_hash.GetHashAndReset());
            await _file.FlushAsync(cancellationToken);
#pragma warning disable CA1849 // FlushAsync cannot fsync; a stored blob must survive a crash once a row references it.
            _file.Flush(flushToDisk: true);
#pragma warning restore CA1849
            await _file.DisposeAsync();
            _closed = true;
            return store.Place(temp, sha, Length, expectedSha256, expectedSize);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_closed)
            {
                _closed = true;
                await _file.DisposeAsync();
            }

            _hash.Dispose();
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
