using System.Buffers;
using System.Security.Cryptography;

namespace HubPlatform.Hub;

/// <summary>Streaming sha256, the id of LFS objects and the ETag of LFS files.</summary>
public static class Sha256Hash
{
    private const int BufferSize = 1 << 20;

    /// <summary>The lowercase hex sha256 of a stream, read once to its end.</summary>
    public static async Task<string> ComputeAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The lowercase hex sha256 of a file on disk.</summary>
    public static async Task<string> ComputeFileAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = GitBlobId.OpenSequential(path);
        return await ComputeAsync(stream, cancellationToken);
    }

    /// <summary>The lowercase hex sha256 of bytes in memory.</summary>
    public static string Compute(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Whether the text is a 64-hex sha256.</summary>
    public static bool IsSha256(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);
}
