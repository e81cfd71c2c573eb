using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HubPlatform.Hub;

/// <summary>
/// Git's blob object id, which the Hub uses as the id of a regular file: <c>sha1("blob " + length + "\0" + bytes)</c> in lowercase hex.
/// </summary>
public static class GitBlobId
{
    private const int BufferSize = 81920;

    /// <summary>The blob id of bytes held in memory.</summary>
    public static string Compute(ReadOnlySpan<byte> content)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        hash.AppendData(Header(content.Length));
        hash.AppendData(content);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// The blob id of a stream of known length, read once to its end. Throws if the stream holds a different number of bytes,
    /// because git's header commits to the length before the content is read.
    /// </summary>
    public static async Task<string> ComputeAsync(Stream content, long length, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        hash.AppendData(Header(length));
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                total += read;
            }

            if (total != length)
            {
                throw new InvalidDataException($"Expected {length} bytes to hash but the stream held {total}.");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The blob id of a file on disk.</summary>
    public static async Task<string> ComputeFileAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = OpenSequential(path);
        return await ComputeAsync(stream, stream.Length, cancellationToken);
    }

    internal static FileStream OpenSequential(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static byte[] Header(long length) =>
        Encoding.ASCII.GetBytes("blob " + length.ToString(CultureInfo.InvariantCulture) + "\0");
}
