using System.Text;

namespace HubPlatform.Storage.Trees;

/// <summary>
/// The bytes of a <c>trees</c> row: a version byte, then either leaf entries or chunk references, with variable-length
/// integers and length-prefixed UTF-8 names; object ids are stored as raw bytes (20 for git ids, 32 for sha256).
/// </summary>
public static class TreeEncoding
{
    private const byte Leaf = 1;
    private const byte Index = 2;
    private const byte DirectoryFlag = 1;
    private const byte LfsFlag = 2;

    public static byte[] EncodeLeaf(IReadOnlyList<TreeItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        using var stream = new MemoryStream(16 + (items.Count * 72));
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Leaf);
            writer.Write7BitEncodedInt(items.Count);
            Span<byte> id = stackalloc byte[32];
            foreach (var item in items)
            {
                writer.Write((byte)((item.IsDirectory ? DirectoryFlag : 0) | (item.Lfs ? LfsFlag : 0)));
                writer.Write(item.Name);
                Convert.FromHexString(item.Oid, id[..20], out _, out _);
                writer.Write(id[..20]);
                if (item.IsDirectory)
                {
                    writer.Write7BitEncodedInt64(item.ChildId);
                    writer.Write7BitEncodedInt64(item.Size);
                    writer.Write7BitEncodedInt64(item.FileCount);
                }
                else
                {
                    writer.Write7BitEncodedInt64(item.Size);
                    Convert.FromHexString(item.Sha256!, id, out _, out _);
                    writer.Write(id);
                }

                writer.Write7BitEncodedInt64(item.LastCommit);
            }
        }

        return stream.ToArray();
    }

    public static byte[] EncodeIndex(IReadOnlyList<TreeChunkRef> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        using var stream = new MemoryStream(16 + (children.Count * 32));
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Index);
            writer.Write7BitEncodedInt(children.Count);
            foreach (var child in children)
            {
                writer.Write7BitEncodedInt64(child.NodeId);
                writer.Write(child.LastIsDirectory);
                writer.Write(child.LastName);
            }
        }

        return stream.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes are not a node this version wrote.</exception>
    public static TreeNode Decode(byte[] data, string? gitId, long fileCount, long totalSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(data, writable: false), Encoding.UTF8);
            var kind = reader.ReadByte();
            var count = reader.Read7BitEncodedInt();
            switch (kind)
            {
                case Leaf:
                    var items = new TreeItem[count];
                    for (var i = 0; i < count; i++)
                    {
                        var flags = reader.ReadByte();
                        var name = reader.ReadString();
                        var oid = Convert.ToHexStringLower(reader.ReadBytes(20));
                        var isDirectory = (flags & DirectoryFlag) != 0;
                        items[i] = isDirectory
                            ? new TreeItem
                            {
                                Name = name, IsDirectory = true, Oid = oid, ChildId = reader.Read7BitEncodedInt64(), Size = reader.Read7BitEncodedInt64(),
                                FileCount = reader.Read7BitEncodedInt64(), LastCommit = reader.Read7BitEncodedInt64(),
                            }
                            : new TreeItem
                            {
                                Name = name, Oid = oid, Lfs = (flags & LfsFlag) != 0, Size = reader.Read7BitEncodedInt64(),
                                Sha256 = Convert.ToHexStringLower(reader.ReadBytes(32)), LastCommit = reader.Read7BitEncodedInt64(),
                            };
                    }

                    return new TreeNode { Items = items, GitId = gitId, FileCount = fileCount, TotalSize = totalSize };
                case Index:
                    var children = new TreeChunkRef[count];
                    for (var i = 0; i < count; i++)
                    {
                        var node = reader.Read7BitEncodedInt64();
                        var lastIsDirectory = reader.ReadBoolean();
                        children[i] = new TreeChunkRef(node, reader.ReadString(), lastIsDirectory);
                    }

                    return new TreeNode { Children = children, GitId = gitId, FileCount = fileCount, TotalSize = totalSize };
                default:
                    throw new InvalidDataException($"Unknown tree node kind {kind}.");
            }
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("A tree node ends early.", e);
        }
    }
}
