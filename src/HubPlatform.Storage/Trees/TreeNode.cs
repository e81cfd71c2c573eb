namespace HubPlatform.Storage.Trees;

/// <summary>
/// A decoded node: a leaf holding entries in the stored order (folders first), or an index over the nodes of a large folder. A folder's root
/// node also carries the folder's git tree id, file count and size.
/// </summary>
public sealed class TreeNode
{
    /// <summary>Entries, in the stored order (leaf nodes).</summary>
    public IReadOnlyList<TreeItem>? Items { get; init; }

    /// <summary>Nodes below, in order (index nodes).</summary>
    public IReadOnlyList<TreeChunkRef>? Children { get; init; }

    /// <summary>The folder's git tree id (root nodes only).</summary>
    public string? GitId { get; init; }

    public long FileCount { get; init; }

    public long TotalSize { get; init; }

    /// <summary>A rough size in memory, for the cache's budget.</summary>
    public long Weight => 1 + (Items?.Count ?? Children!.Count);

    /// <summary>The index of the first entry (leaf) or child (index) that does not sort before the given key.</summary>
    public int LowerBound(string name, bool isDirectory)
    {
        int lo = 0, hi = Items?.Count ?? Children!.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            var cmp = Items is { } items
                ? TreeItem.Compare(items[mid].Name, items[mid].IsDirectory, name, isDirectory)
                : TreeItem.Compare(Children![mid].LastName, Children[mid].LastIsDirectory, name, isDirectory);
            if (cmp < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
