namespace HubPlatform.Storage.Trees;

/// <summary>
/// An entry of a folder: a file (its git blob id, size, sha256 and whether it is LFS) or a sub-folder (its git tree id and
/// root node). Both carry the sequence number of the last commit that changed them, which is what tree listings show as
/// <c>lastCommit</c>. Immutable: a commit that changes an entry makes a new one.
/// </summary>
public sealed class TreeItem
{
    public required string Name { get; init; }

    public bool IsDirectory { get; init; }

    /// <summary>The git object id: blob id for files (of the pointer for LFS files), tree id for folders.</summary>
    public required string Oid { get; init; }

    /// <summary>The content's size; for folders, the size of every file below them.</summary>
    public long Size { get; init; }

    /// <summary>For folders, how many files are below them at any depth.</summary>
    public long FileCount { get; init; }

    /// <summary>The content's sha256, where its bytes are in the blob store (null for folders).</summary>
    public string? Sha256 { get; init; }

    public bool Lfs { get; init; }

    /// <summary>The folder's root node (folders only).</summary>
    public long ChildId { get; init; }

    /// <summary>The <see cref="Entities.CommitEntity.Sequence"/> of the last commit that changed this entry.</summary>
    public long LastCommit { get; init; }

    // Made on first use and kept: a commit into a large folder rehashes every entry of it, and items are shared by all
    // revisions through the tree cache.
    private byte[]? _gitEntry;

    /// <summary>This entry as a git tree object holds it: mode, space, name as UTF-8, NUL, the 20-byte object id.</summary>
    public ReadOnlySpan<byte> GitEntry => _gitEntry ??= EncodeGitEntry();

    /// <summary>
    /// The order entries are stored and listed in: folders first (as the Hub lists them), each group in git's order. Keyset
    /// paging and lookups use it.
    /// </summary>
    public static int Compare(string a, bool aIsDirectory, string b, bool bIsDirectory) =>
        aIsDirectory != bIsDirectory ? (aIsDirectory ? -1 : 1) : GitCompare(a, aIsDirectory, b, bIsDirectory);

    /// <summary>Git's order of entries: by name as UTF-8 bytes, a folder's name compared as if it ended with '/'.</summary>
    public static int GitCompare(string a, bool aIsDirectory, string b, bool bIsDirectory)
    {
        var length = Math.Max(a.Length, b.Length) + 1;
        for (var i = 0; i < length; i++)
        {
            var x = CharAt(a, aIsDirectory, i);
            var y = CharAt(b, bIsDirectory, i);
            if (x != y)
            {
                return x.CompareTo(y);
            }

            if (x < 0)
            {
                return 0;
            }
        }

        return 0;
    }

    /// <summary>Compares two entries in the stored order (folders first).</summary>
    public static int Compare(TreeItem a, TreeItem b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Compare(a.Name, a.IsDirectory, b.Name, b.IsDirectory);
    }

    private byte[] EncodeGitEntry()
    {
        var mode = IsDirectory ? "40000 "u8 : "100644 "u8;
        var bytes = new byte[mode.Length + System.Text.Encoding.UTF8.GetByteCount(Name) + 1 + 20];
        mode.CopyTo(bytes);
        var n = mode.Length + System.Text.Encoding.UTF8.GetBytes(Name, bytes.AsSpan(mode.Length));
        bytes[n++] = 0;
        Convert.FromHexString(Oid, bytes.AsSpan(n, 20), out _, out _);
        return bytes;
    }

    // The i-th code unit, remapped so that UTF-16 order equals UTF-8 byte order (surrogates sort above U+E000..U+FFFF), then
    // the '/' git appends to folder names, then -1 for the end.
    private static int CharAt(string s, bool isDirectory, int i)
    {
        if (i < s.Length)
        {
            int c = s[i];
            return c switch
            {
                >= 0xD800 and <= 0xDFFF => c + 0x2000,
                >= 0xE000 => c - 0x800,
                _ => c,
            };
        }

        return isDirectory && i == s.Length ? '/' : -1;
    }
}
