using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HubPlatform.Hub;

namespace HubPlatform.Client.Commits;

/// <summary>Hashes a file in one streamed read: sha256 and git's blob sha1 side by side, with flat memory.</summary>
internal static class FileHasher
{
    private const int BufferBytes = 1 << 20;
    private const int SampleBytes = 512;

    public static async Task<FileHashes> HashAsync(CommitOperationAdd add, Action<long>? read, CancellationToken cancellationToken)
    {
        await using var stream = add.Open();
        long length;
        try
        {
            length = stream.CanSeek ? stream.Length : -1;
        }
        catch (NotSupportedException)
        {
            length = -1;
        }

        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        if (length >= 0)
        {
            sha1.AppendData(Encoding.ASCII.GetBytes("blob " + length.ToString(CultureInfo.InvariantCulture) + "\0"));
        }

        var sample = new byte[SampleBytes];
        var sampleLength = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        long total = 0;
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer.AsMemory(0, BufferBytes), cancellationToken)) > 0)
            {
                sha256.AppendData(buffer, 0, n);
                if (length >= 0)
                {
                    sha1.AppendData(buffer, 0, n);
                }

                if (sampleLength < SampleBytes)
                {
                    var take = Math.Min(n, SampleBytes - sampleLength);
                    Array.Copy(buffer, 0, sample, sampleLength, take);
                    sampleLength += take;
                }

                total += n;
                read?.Invoke(n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (length >= 0 && total != length)
        {
            throw new IOException($"'{add.PathInRepo}' changed while it was read ({total} bytes, not {length}).");
        }

        string gitId;
        if (length >= 0)
        {
            gitId = Convert.ToHexStringLower(sha1.GetHashAndReset());
        }
        else
        {
            // The length is known only now, and git's header comes first: a second read.
            await using var again = add.Open();
            gitId = await GitBlobId.ComputeAsync(again, total, cancellationToken);
        }

        return new FileHashes(total, Convert.ToHexStringLower(sha256.GetHashAndReset()), gitId, sample[..sampleLength]);
    }
}
