using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace HubPlatform.Hub;

/// <summary>
/// A git LFS pointer file: the small git blob stored in place of a large file. The Hub writes it as three LF-terminated lines
/// (<c>version</c>, <c>oid sha256:…</c>, <c>size …</c>); its git blob id is the tree <c>oid</c> of the LFS file.
/// </summary>
public sealed record LfsPointer
{
    /// <summary>The spec URL on the pointer's first line.</summary>
    public const string VersionUrl = "https://git-lfs.github.com/spec/v1";

    /// <summary>Creates a pointer for content with the given sha256 and size.</summary>
    /// <exception cref="ArgumentException">The oid is not 64 hex digits or the size is negative.</exception>
    public LfsPointer(string sha256, long size)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        if (!Sha256Hash.IsSha256(sha256))
        {
            throw new ArgumentException($"'{sha256}' is not a sha256 (64 hex digits).", nameof(sha256));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(size);
        Sha256 = sha256.ToLowerInvariant();
        Size = size;
    }

    /// <summary>The sha256 of the content, lowercase hex.</summary>
    public string Sha256 { get; }

    /// <summary>The size of the content in bytes.</summary>
    public long Size { get; }

    /// <summary>The pointer file's text.</summary>
    public string Text => $"version {VersionUrl}\noid sha256:{Sha256}\nsize {Size.ToString(CultureInfo.InvariantCulture)}\n";

    /// <summary>The pointer file's bytes (UTF-8; all ASCII).</summary>
    public byte[] ToBytes() => Encoding.ASCII.GetBytes(Text);

    /// <summary>The pointer's length in bytes (<c>pointerSize</c> on the wire).</summary>
    public int PointerSize => Text.Length;

    /// <summary>The git blob id of the pointer file (the tree <c>oid</c> and sibling <c>blobId</c> of an LFS file).</summary>
    public string GitBlobId => HubPlatform.Hub.GitBlobId.Compute(ToBytes());

    /// <summary>Parses pointer text; extra keys (such as <c>ext-</c> lines) are allowed, a missing oid or size is not.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out LfsPointer? pointer)
    {
        pointer = null;
        if (string.IsNullOrEmpty(text) || text.Length > 1024)
        {
            return false;
        }

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length < 3 || !lines[0].StartsWith("version ", StringComparison.Ordinal))
        {
            return false;
        }

        string? oid = null;
        long? size = null;
        foreach (var line in lines.Skip(1))
        {
            if (line.StartsWith("oid sha256:", StringComparison.Ordinal))
            {
                oid = line["oid sha256:".Length..];
            }
            else if (line.StartsWith("size ", StringComparison.Ordinal)
                     && long.TryParse(line.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var s))
            {
                size = s;
            }
        }

        if (oid is null || size is null || !Sha256Hash.IsSha256(oid))
        {
            return false;
        }

        pointer = new LfsPointer(oid, size.Value);
        return true;
    }
}
