using System.Security.Cryptography;
using System.Text;

namespace HubPlatform.Storage.Trees;

/// <summary>
/// Applies one commit's changes to a root folder and writes what changed: the folders on the changed paths and, in a large
/// folder, only the chunks whose entries changed (chunk boundaries depend on the entries' names, not their positions, so
/// an insertion moves no other boundary). Unchanged folders and chunks keep their rows. The cost of a commit follows what
/// it changes, plus hashing the listing of each changed folder, which git's tree ids require.
/// </summary>
public sealed class TreeBuilder
{
    /// <summary>A folder with at most this many entries is one node.</summary>
    public const int SmallFolder = 64;

    // A chunk ends after an entry whose name hashes to 0 modulo this (32 entries a chunk on average), or at MaxChunk entries.
    private const int ChunkMask = 31;
    private const int MaxChunk = 256;

    private readonly TreeStore _store;
    private readonly long _repositoryId;
    private readonly long _sequence;
    private readonly Folder _root;

    /// <param name="store">Where nodes are read and written.</param>
    /// <param name="repositoryId">The repository the new nodes belong to.</param>
    /// <param name="sequence">The commit's sequence number, recorded as the last commit of what it changes.</param>
    /// <param name="root">The parent commit's root folder, or null for a first commit.</param>
    public TreeBuilder(TreeStore store, long repositoryId, long sequence, long? root)
    {
        _store = store;
        _repositoryId = repositoryId;
        _sequence = sequence;
        _root = new Folder(root);
    }

    /// <summary>Adds or replaces a file. An identical file is left as it is (with its last commit).</summary>
    /// <param name="path">The repository path.</param>
    /// <param name="blobId">The git blob id (of the pointer for LFS files).</param>
    /// <param name="size">The content's size.</param>
    /// <param name="sha256">The content's sha256.</param>
    /// <param name="lfs">Whether the file is stored through LFS.</param>
    /// <param name="cancellationToken">Cancels the lookups.</param>
    /// <param name="lastCommit">The last commit to record for a changed file: this commit unless a conversion knows better.</param>
    /// <exception cref="HubProblemException">400 when the path runs through a file or names a folder.</exception>
    public async Task AddFileAsync(string path, string blobId, long size, string sha256, bool lfs, CancellationToken cancellationToken, long? lastCommit = null)
    {
        var (folder, name) = await FolderOfAsync(path, create: true, cancellationToken);
        if (await folder!.FolderExistsAsync(_store, name, cancellationToken))
        {
            throw new HubProblemException(400, $"'{path}' is a folder; delete it first to put a file there.");
        }

        var existing = await folder.FileAsync(_store, name, cancellationToken);
        if (existing is not null && existing.Oid == blobId && existing.Sha256 == sha256 && existing.Lfs == lfs && (lastCommit is null || lastCommit == existing.LastCommit))
        {
            folder.Files[name] = existing;
            return;
        }

        folder.Files[name] = new TreeItem { Name = name, Oid = blobId, Size = size, Sha256 = sha256, Lfs = lfs, LastCommit = lastCommit ?? _sequence };
    }

    /// <summary>Removes a file; false when there is none at the path.</summary>
    public async Task<bool> DeleteFileAsync(string path, CancellationToken cancellationToken)
    {
        var (folder, name) = await FolderOfAsync(path, create: false, cancellationToken);
        if (folder is null || await folder.FileAsync(_store, name, cancellationToken) is null)
        {
            return false;
        }

        folder.Files[name] = null;
        return true;
    }

    /// <summary>Removes a folder and everything below it; false when there is none at the path.</summary>
    public async Task<bool> DeleteFolderAsync(string path, CancellationToken cancellationToken)
    {
        var (folder, name) = await FolderOfAsync(path.TrimEnd('/'), create: false, cancellationToken);
        if (folder is null || !await folder.FolderExistsAsync(_store, name, cancellationToken))
        {
            return false;
        }

        folder.Folders[name] = null;
        return true;
    }

    /// <summary>The file at a path as the commit leaves it so far, or null.</summary>
    public async Task<TreeItem?> FileAsync(string path, CancellationToken cancellationToken)
    {
        var (folder, name) = await FolderOfAsync(path, create: false, cancellationToken);
        return folder is null ? null : await folder.FileAsync(_store, name, cancellationToken);
    }

    /// <summary>
    /// Writes the changed folders and returns the new root: its node, git tree id, file count and size. An empty
    /// repository's root is an empty folder (git's empty tree).
    /// </summary>
    public async Task<TreeItem> WriteAsync(CancellationToken cancellationToken)
    {
        var root = await WriteFolderAsync(_root, string.Empty, cancellationToken);
        if (root is not null)
        {
            return root;
        }

        var empty = TreeEncoding.EncodeLeaf([]);
        var id = GitTreeId([]);
        return new TreeItem { Name = string.Empty, IsDirectory = true, Oid = id, ChildId = await _store.InsertAsync(_repositoryId, empty, id, 0, 0, cancellationToken), LastCommit = _sequence };
    }

    // The folder that holds a path's last segment, walking (and, with create, making) the folders on the way.
    private async Task<(Folder? Folder, string Name)> FolderOfAsync(string path, bool create, CancellationToken cancellationToken)
    {
        var parts = path.Split('/');
        var folder = _root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            var part = parts[i];
            if (folder.Folders.TryGetValue(part, out var changed))
            {
                if (changed is null)
                {
                    if (!create)
                    {
                        return (null, parts[^1]);
                    }

                    changed = new Folder(null);
                    folder.Folders[part] = changed;
                }

                folder = changed;
                continue;
            }

            if (await folder.FileAsync(_store, part, cancellationToken) is not null)
            {
                throw new HubProblemException(400, $"'{path}' goes through '{string.Join('/', parts[..(i + 1)])}', which is a file.");
            }

            var existing = folder.Original is { } id ? await _store.FindAsync(id, part, cancellationToken) : null;
            if (existing is null && !create)
            {
                return (null, parts[^1]);
            }

            var child = new Folder(existing?.IsDirectory == true ? existing.ChildId : null) { OriginalItem = existing };
            folder.Folders[part] = child;
            folder = child;
        }

        return (folder, parts[^1]);
    }

    // Writes a changed folder's nodes and returns its entry for the parent (null when it ends up empty); an unchanged
    // folder returns its old entry.
    private async Task<TreeItem?> WriteFolderAsync(Folder folder, string name, CancellationToken cancellationToken)
    {
        if (folder.Files.Count == 0 && folder.Folders.Count == 0 && folder.OriginalItem is { } unchanged)
        {
            return unchanged;
        }

        var original = new List<TreeItem>();
        var chunks = new OriginalNodes();
        if (folder.Original is { } originalId)
        {
            await ReadOriginalAsync(originalId, original, chunks, isRoot: true, cancellationToken);
        }

        var added = new List<TreeItem>();
        foreach (var (_, file) in folder.Files)
        {
            if (file is not null)
            {
                added.Add(file);
            }
        }

        foreach (var (childName, child) in folder.Folders)
        {
            if (child is not null && await WriteFolderAsync(child, childName, cancellationToken) is { } entry)
            {
                added.Add(entry);
            }
        }

        added.Sort(TreeItem.Compare);
        var entries = Merge(original.Where(e => e.IsDirectory ? !folder.Folders.ContainsKey(e.Name) : !folder.Files.ContainsKey(e.Name)), added);
        if (entries.Count == 0)
        {
            return null;
        }

        var gitId = GitTreeId(entries);
        if (folder.OriginalItem is { } before && before.Oid == gitId && original.Count == entries.Count && original.Zip(entries).All(p => ReferenceEquals(p.First, p.Second)))
        {
            return before;
        }

        long files = 0, size = 0;
        foreach (var e in entries)
        {
            files += e.IsDirectory ? e.FileCount : 1;
            size += e.Size;
        }

        var node = await WriteNodesAsync(entries, chunks, gitId, files, size, cancellationToken);
        return new TreeItem { Name = name, IsDirectory = true, Oid = gitId, ChildId = node, Size = size, FileCount = files, LastCommit = _sequence };
    }

    // A folder's entries (in the stored order) and, for a large folder, its chunks and index nodes by their first element.
    private async Task ReadOriginalAsync(long nodeId, List<TreeItem> entries, OriginalNodes nodes, bool isRoot, CancellationToken cancellationToken)
    {
        var node = await _store.LoadAsync(nodeId, cancellationToken);
        if (node.Items is { } items)
        {
            if (items.Count > 0)
            {
                nodes.Leaves[items[0]] = new OriginalChunk(nodeId, items);
            }

            entries.AddRange(items);
            return;
        }

        if (!isRoot && node.Children!.Count > 0)
        {
            nodes.Indexes[node.Children[0].NodeId] = (nodeId, node.Children);
        }

        foreach (var child in node.Children!)
        {
            await ReadOriginalAsync(child.NodeId, entries, nodes, isRoot: false, cancellationToken);
        }
    }

    // Writes a folder's entries as one node, or as chunks under index nodes, reusing unchanged chunks; returns the root node.
    private async Task<long> WriteNodesAsync(List<TreeItem> entries, OriginalNodes originals, string gitId, long files, long size, CancellationToken cancellationToken)
    {
        if (entries.Count <= SmallFolder)
        {
            return await _store.InsertAsync(_repositoryId, TreeEncoding.EncodeLeaf(entries), gitId, files, size, cancellationToken);
        }

        var level = new List<TreeChunkRef>();
        var start = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            if (i + 1 == entries.Count || i + 1 - start == MaxChunk || (Boundary(entries[i].Name, 0) & ChunkMask) == 0)
            {
                var count = i + 1 - start;
                var id = originals.Leaves.TryGetValue(entries[start], out var old) && SameItems(old.Items, entries, start, count)
                    ? old.NodeId
                    : await _store.InsertAsync(_repositoryId, TreeEncoding.EncodeLeaf(entries.GetRange(start, count)), null, 0, 0, cancellationToken);
                level.Add(new TreeChunkRef(id, entries[i].Name, entries[i].IsDirectory));
                start = i + 1;
            }
        }

        // Index levels: chunked the same way (by the last name of each child) until one node holds them all; an index node
        // whose children are all unchanged keeps its row.
        for (var depth = 1; level.Count > SmallFolder; depth++)
        {
            var upper = new List<TreeChunkRef>();
            start = 0;
            for (var i = 0; i < level.Count; i++)
            {
                if (i + 1 == level.Count || i + 1 - start == MaxChunk || (Boundary(level[i].LastName, depth) & ChunkMask) == 0)
                {
                    var group = level.GetRange(start, i + 1 - start);
                    var id = originals.Indexes.TryGetValue(group[0].NodeId, out var old) && old.Children.SequenceEqual(group)
                        ? old.NodeId
                        : await _store.InsertAsync(_repositoryId, TreeEncoding.EncodeIndex(group), null, 0, 0, cancellationToken);
                    upper.Add(new TreeChunkRef(id, group[^1].LastName, group[^1].LastIsDirectory));
                    start = i + 1;
                }
            }

            level = upper;
        }

        return await _store.InsertAsync(_repositoryId, TreeEncoding.EncodeIndex(level), gitId, files, size, cancellationToken);
    }

    /// <summary>The git id of a tree with these entries (in the stored order: folders first).</summary>
    public static string GitTreeId(IReadOnlyList<TreeItem> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var entries = InGitOrder(stored);
        long length = 0;
        foreach (var e in entries)
        {
            length += e.GitEntry.Length;
        }

        // The whole tree object in one buffer, hashed at once: a call into the hash per entry costs more than the hashing.
        var header = Encoding.ASCII.GetBytes($"tree {length.ToString(System.Globalization.CultureInfo.InvariantCulture)}\0");
        var total = checked((int)(header.Length + length));
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(total);
        try
        {
            header.CopyTo(buffer, 0);
            var n = header.Length;
            foreach (var e in entries)
            {
                e.GitEntry.CopyTo(buffer.AsSpan(n));
                n += e.GitEntry.Length;
            }

            return Convert.ToHexStringLower(SHA1.HashData(buffer.AsSpan(0, n)));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Folders come first in the stored order; git interleaves them with the files by name.
    private static List<TreeItem> InGitOrder(IReadOnlyList<TreeItem> stored)
    {
        var split = 0;
        while (split < stored.Count && stored[split].IsDirectory)
        {
            split++;
        }

        var result = new List<TreeItem>(stored.Count);
        int i = 0, j = split;
        while (i < split || j < stored.Count)
        {
            result.Add(j == stored.Count || (i < split && TreeItem.GitCompare(stored[i].Name, true, stored[j].Name, false) < 0) ? stored[i++] : stored[j++]);
        }

        return result;
    }

    // Whether a stored chunk holds exactly these entries (the same objects: unchanged entries are never copied).
    private static bool SameItems(IReadOnlyList<TreeItem> chunk, List<TreeItem> entries, int start, int count)
    {
        if (chunk.Count != count)
        {
            return false;
        }

        for (var k = 0; k < count; k++)
        {
            if (!ReferenceEquals(chunk[k], entries[start + k]))
            {
                return false;
            }
        }

        return true;
    }

    // FNV-1a of a name, salted by index depth, to place chunk boundaries by content.
    private static uint Boundary(string name, int depth)
    {
        var h = 2166136261u ^ (uint)depth;
        foreach (var c in name)
        {
            h = (h ^ c) * 16777619u;
        }

        return h ^ (h >> 15);
    }

    private static List<TreeItem> Merge(IEnumerable<TreeItem> kept, List<TreeItem> added)
    {
        var result = new List<TreeItem>(added.Count + 16);
        var j = 0;
        foreach (var e in kept)
        {
            while (j < added.Count && TreeItem.Compare(added[j], e) < 0)
            {
                result.Add(added[j++]);
            }

            result.Add(e);
        }

        while (j < added.Count)
        {
            result.Add(added[j++]);
        }

        return result;
    }

    private sealed record OriginalChunk(long NodeId, IReadOnlyList<TreeItem> Items);

    // The nodes of a folder before the commit that can be kept: leaf chunks by their first entry, index nodes by their
    // first child.
    private sealed class OriginalNodes
    {
        public Dictionary<TreeItem, OriginalChunk> Leaves { get; } = new(ReferenceEqualityComparer.Instance);

        public Dictionary<long, (long NodeId, IReadOnlyList<TreeChunkRef> Children)> Indexes { get; } = [];
    }

    // A folder touched by the commit: its node before the commit (null for a new folder) and what changed in it. A null
    // value marks a deletion.
    private sealed class Folder(long? original)
    {
        public long? Original { get; } = original;

        /// <summary>The folder's entry in its parent before the commit (null for the root and for new folders).</summary>
        public TreeItem? OriginalItem { get; init; }

        public Dictionary<string, TreeItem?> Files { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Folder?> Folders { get; } = new(StringComparer.Ordinal);

        public async Task<TreeItem?> FileAsync(TreeStore store, string name, CancellationToken cancellationToken)
        {
            if (Files.TryGetValue(name, out var changed))
            {
                return changed;
            }

            if (Folders.ContainsKey(name) || Original is not { } id)
            {
                return null;
            }

            return await store.FindAsync(id, name, cancellationToken) is { IsDirectory: false } file ? file : null;
        }

        public async Task<bool> FolderExistsAsync(TreeStore store, string name, CancellationToken cancellationToken)
        {
            if (Folders.TryGetValue(name, out var changed))
            {
                return changed is not null;
            }

            return !Files.ContainsKey(name) && Original is { } id && await store.FindAsync(id, name, cancellationToken) is { IsDirectory: true };
        }
    }
}
