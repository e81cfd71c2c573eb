namespace HubPlatform.Storage.Entities;

/// <summary>
/// One node of a folder's tree: a folder's root node (with its git tree id, file count and size), or a chunk of a large
/// folder's entries. Nodes are written once and shared by every commit whose folder did not change.
/// </summary>
public class TreeEntity
{
    public long Id { get; set; }

    public long RepositoryId { get; set; }

    /// <summary>The folder's git tree id, on root nodes; null on the chunks of a large folder.</summary>
    public string? GitId { get; set; }

    /// <summary>Files below the folder, at any depth (root nodes).</summary>
    public long FileCount { get; set; }

    /// <summary>Bytes of the files below the folder, at any depth (root nodes).</summary>
    public long TotalSize { get; set; }

    /// <summary>The node's entries or chunk references, encoded by <see cref="Trees.TreeEncoding"/>.</summary>
    public required byte[] Data { get; set; }
}
