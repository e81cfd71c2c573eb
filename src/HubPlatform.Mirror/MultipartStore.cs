using System.Security.Cryptography;
using HubPlatform.Hub;
using HubPlatform.Storage;

namespace HubPlatform.Mirror;

/// <summary>
/// Parts of multipart LFS uploads, kept in <c>uploads/{oid}/{n}</c> until the completion joins them, in order, into the
/// blob store (which checks the whole object's sha256 and size). A part sent again replaces the earlier one.
/// </summary>
internal sealed class MultipartStore(string root, IBlobStore blobs)
{
    private const int BufferSize = 256 * 1024;

    /// <summary>Stores a part of exactly <paramref name="expectedSize"/> bytes and returns its ETag (its sha256).</summary>
    public async Task<string> WriteAsync(string oid, int part, Stream content, long expectedSize, CancellationToken cancellationToken)
    {
        var folder = Folder(oid);
        Directory.CreateDirectory(folder);
        var final = Path.Combine(folder, part.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var temp = final + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            string etag;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[BufferSize];
                long total = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > expectedSize)
                    {
                        throw new HubProblemException(400, $"Part {part} is larger than its {expectedSize} bytes.");
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                if (total != expectedSize)
                {
                    throw new HubProblemException(400, $"Part {part} has {total} bytes, not {expectedSize}.");
                }

                etag = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            File.Move(temp, final, overwrite: true);
            await File.WriteAllTextAsync(final + ".etag", etag, cancellationToken);
            return etag;
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Joins the listed parts into the object; every part must be present with the ETag the client was given.</summary>
    public async Task CompleteAsync(string oid, long size, IReadOnlyList<(int Number, string ETag)> parts, CancellationToken cancellationToken)
    {
        if (blobs.SizeOf(oid) == size)
        {
            return;
        }

        var folder = Folder(oid);
        for (var i = 0; i < parts.Count; i++)
        {
            var path = Path.Combine(folder, parts[i].Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (parts[i].Number != i + 1 || !File.Exists(path) || !string.Equals(await File.ReadAllTextAsync(path + ".etag", cancellationToken), parts[i].ETag, StringComparison.Ordinal))
            {
                throw new HubProblemException(400, $"Part {i + 1} is missing or its ETag does not match what was uploaded.");
            }
        }

        var files = parts.Select(p => Path.Combine(folder, p.Number.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        await using (var joined = new ConcatenatedStream(files))
        {
            await blobs.WriteAsync(joined, oid, size, size, cancellationToken);
        }

        Directory.Delete(folder, recursive: true);
    }

    private string Folder(string oid) =>
        Sha256Hash.IsSha256(oid) ? Path.Combine(root, oid.ToLowerInvariant()) : throw new HubProblemException(400, $"'{oid}' is not a sha256.");

    /// <summary>Reads files one after another, without holding more than one open.</summary>
    private sealed class ConcatenatedStream(IReadOnlyList<string> files) : Stream
    {
        private int _index;
        private FileStream? _current;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_index < files.Count)
            {
                _current ??= new FileStream(files[_index], FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
                var read = await _current.ReadAsync(buffer, cancellationToken);
                if (read > 0)
                {
                    return read;
                }

                await _current.DisposeAsync();
                _current = null;
                _index++;
            }

            return 0;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _current?.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
