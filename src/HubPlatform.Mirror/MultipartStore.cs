using System.Security.Cryptography;
using HubPlatform.Hub;
using HubPlatform.Storage;

namespace HubPlatform.Mirror;

/// <summary>
/// Parts of multipart LFS uploads, written straight into one file per object (<c>uploads/{oid}/data</c>) at their offsets, so
/// that the completion only has to check the whole object's sha256 and rename the file into the blob store: the bytes are
/// written once. A part's ETag is a random token recorded once the part is whole (a part sent again gets a new one), so the
/// completion can tell every part arrived whole. Parts survive a restart; an upload run again can finish with the parts
/// it already sent.
/// </summary>
internal sealed class MultipartStore(string root, IBlobStore blobs) : IDisposable
{
    private const int BufferSize = 1 << 20;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, PrefixHasher> _hashers = new(StringComparer.Ordinal);

    public void Dispose()
    {
        foreach (var hasher in _hashers.Values)
        {
            hasher.Dispose();
        }
    }

    /// <summary>Stores part <paramref name="part"/> (exactly <paramref name="expectedSize"/> bytes at <paramref name="offset"/>) and returns its ETag.</summary>
    public async Task<string> WriteAsync(string oid, long objectSize, int part, long offset, Stream content, long expectedSize, CancellationToken cancellationToken)
    {
        var folder = Folder(oid);
        Directory.CreateDirectory(folder);
        var tag = TagPath(folder, part);
        File.Delete(tag);
        var data = Path.Combine(folder, "data");
        var hasher = _hashers.GetOrAdd(oid.ToLowerInvariant(), _ => new PrefixHasher(data, objectSize));
        hasher.Begin(offset, expectedSize);
        using (var handle = File.OpenHandle(data, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite, FileOptions.Asynchronous))
        {
            if (RandomAccess.GetLength(handle) != objectSize)
            {
                RandomAccess.SetLength(handle, objectSize);
            }

            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                long total = 0;
                int read;
                // Whole buffers: the request body arrives in small pieces, and each write at an offset is a system call.
                while ((read = await content.ReadAtLeastAsync(buffer.AsMemory(0, BufferSize), BufferSize, throwOnEndOfStream: false, cancellationToken)) > 0)
                {
                    if (total + read > expectedSize)
                    {
                        throw new HubProblemException(400, $"Part {part} is larger than its {expectedSize} bytes.");
                    }

                    await RandomAccess.WriteAsync(handle, buffer.AsMemory(0, read), offset + total, cancellationToken);
                    total += read;
                }

                if (total != expectedSize)
                {
                    throw new HubProblemException(400, $"Part {part} has {total} bytes, not {expectedSize}.");
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        hasher.End(offset, expectedSize);
        var etag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await File.WriteAllTextAsync(tag, etag, cancellationToken);
        return etag;
    }

    /// <summary>
    /// Makes the object from its parts: every one of the <paramref name="partCount"/> parts must be listed, in order, with
    /// the ETag it was given; then the file's sha256 and size are checked and it becomes the blob. When the store holds the
    /// object already (for another repository), the parts are checked the same way and then dropped: they prove the
    /// uploader has the bytes.
    /// </summary>
    public async Task CompleteAsync(string oid, long size, int partCount, IReadOnlyList<(int Number, string ETag)> parts, CancellationToken cancellationToken)
    {
        var folder = Folder(oid);
        if (parts.Count != partCount)
        {
            throw new HubProblemException(400, $"The object has {partCount} parts; the completion lists {parts.Count}.");
        }

        for (var i = 0; i < parts.Count; i++)
        {
            var tag = TagPath(folder, parts[i].Number);
            if (parts[i].Number != i + 1 || !File.Exists(tag) || !string.Equals(await File.ReadAllTextAsync(tag, cancellationToken), parts[i].ETag, StringComparison.Ordinal))
            {
                throw new HubProblemException(400, $"Part {i + 1} is missing or its ETag does not match what was uploaded.");
            }
        }

        // Hashed while the parts arrived when this process saw them all; otherwise (say, after a restart) hashed now.
        string? sha = null;
        if (_hashers.TryRemove(oid.ToLowerInvariant(), out var hasher))
        {
            using (hasher)
            {
                sha = await hasher.FinishAsync(cancellationToken);
            }
        }

        var data = Path.Combine(folder, "data");
        if (blobs.SizeOf(oid) == size)
        {
            if (new FileInfo(data).Length != size || !string.Equals(sha ?? await Sha256Hash.ComputeFileAsync(data, cancellationToken), oid, StringComparison.OrdinalIgnoreCase))
            {
                throw new BlobMismatchException($"The parts do not hash to {oid} with {size} bytes.");
            }
        }
        else
        {
            await blobs.AdoptAsync(data, oid, size, cancellationToken, knownSha256: sha);
        }

        Directory.Delete(folder, recursive: true);
    }

    private static string TagPath(string folder, int part) => Path.Combine(folder, part.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".etag");

    private string Folder(string oid) =>
        Sha256Hash.IsSha256(oid) ? Path.Combine(root, oid.ToLowerInvariant()) : throw new HubProblemException(400, $"'{oid}' is not a sha256.");
}
