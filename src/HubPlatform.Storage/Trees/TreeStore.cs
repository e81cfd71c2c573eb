using System.Data.Common;
using System.Runtime.CompilerServices;
using HubPlatform.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace HubPlatform.Storage.Trees;

/// <summary>
/// Reads and writes tree nodes. A path is found by walking its folders from the root, each folder by a binary search of
/// its node (and of the chunks of a large folder), so a lookup reads a few small rows whatever the size of the repository;
/// decoded nodes are kept in the shared <see cref="TreeCache"/>.
/// </summary>
public sealed class TreeStore(HubDbContext db, TreeCache cache) : IAsyncDisposable
{
    private DbCommand? _insert;

    /// <summary>Releases the prepared insert statement (the scope's database context owns the connection).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_insert is not null)
        {
            await _insert.DisposeAsync();
            _insert = null;
        }
    }

    /// <summary>A node by its row.</summary>
    /// <exception cref="InvalidDataException">The row is missing or unreadable (damage that fsck reports).</exception>
    public async ValueTask<TreeNode> LoadAsync(long id, CancellationToken cancellationToken)
    {
        if (cache.TryGet<TreeNode>(id, out var cached))
        {
            return cached!;
        }

        var row = await db.Trees.AsNoTracking().Where(t => t.Id == id)
            .Select(t => new { t.Data, t.GitId, t.FileCount, t.TotalSize })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidDataException($"Tree node {id} is missing.");
        var node = TreeEncoding.Decode(row.Data, row.GitId, row.FileCount, row.TotalSize);
        cache.Set(id, node, node.Weight);
        return node;
    }

    /// <summary>The entry of a folder with that name, or null.</summary>
    public async ValueTask<TreeItem?> FindAsync(long folder, string name, CancellationToken cancellationToken) =>
        await FindInAsync(folder, name, false, cancellationToken) ?? await FindInAsync(folder, name, true, cancellationToken);

    /// <summary>The entry (file or folder) at a path below a folder, or null when nothing is there.</summary>
    public async ValueTask<TreeItem?> FindPathAsync(long root, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);

        // Paths found are kept too, so that a deep file costs what a top-level one does (a folder's content never changes
        // under its node id). Absent paths are not kept: anyone can ask for any number of them.
        var key = new PathKey(root, path);
        if (cache.TryGet<TreeItem>(key, out var found))
        {
            return found;
        }

        var folder = root;
        TreeItem? item = null;
        foreach (var part in path.Split('/'))
        {
            if (item is { IsDirectory: false } || (item = await FindAsync(folder, part, cancellationToken)) is null)
            {
                return null;
            }

            folder = item.ChildId;
        }

        cache.Set(key, item!, 1);
        return item;
    }

    /// <summary>The entries of a folder in the stored order (folders first), starting after the given entry when one is given.</summary>
    public async IAsyncEnumerable<TreeItem> EntriesAsync(long folder, string? afterName, bool afterIsDirectory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var node = await LoadAsync(folder, cancellationToken);
        if (node.Items is { } items)
        {
            var start = afterName is null ? 0 : node.LowerBound(afterName, afterIsDirectory);
            if (afterName is not null && start < items.Count && TreeItem.Compare(items[start].Name, items[start].IsDirectory, afterName, afterIsDirectory) == 0)
            {
                start++;
            }

            for (var i = start; i < items.Count; i++)
            {
                yield return items[i];
            }

            yield break;
        }

        var children = node.Children!;
        var first = afterName is null ? 0 : node.LowerBound(afterName, afterIsDirectory);
        for (var i = first; i < children.Count; i++)
        {
            await foreach (var item in EntriesAsync(children[i].NodeId, i == first ? afterName : null, afterIsDirectory, cancellationToken))
            {
                yield return item;
            }
        }
    }

    /// <summary>Every file below a folder with its path, depth first in the stored order.</summary>
    public IAsyncEnumerable<(string Path, TreeItem Item)> FilesAsync(long folder, string prefix, CancellationToken cancellationToken) =>
        WalkAsync(folder, prefix, null, false, cancellationToken).Where(e => !e.Item.IsDirectory);

    /// <summary>
    /// The paths of the files that differ between two versions of a folder: changed, added or removed. Nodes and folders
    /// the two share (same row, same git tree id) are skipped unread, so the cost follows the change, not the folder.
    /// </summary>
    public async IAsyncEnumerable<string> ChangedFilesAsync(long before, long after, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (before == after)
        {
            yield break;
        }

        var (old, now) = await UnsharedEntriesAsync(before, after, cancellationToken);
        int i = 0, j = 0;
        while (i < old.Count || j < now.Count)
        {
            var order = i == old.Count ? 1 : j == now.Count ? -1 : TreeItem.Compare(old[i], now[j]);
            var gone = order <= 0 ? old[i++] : null;
            var come = order >= 0 ? now[j++] : null;
            if (gone is not null && come is not null && gone.Oid == come.Oid)
            {
                continue;
            }

            if (gone is { IsDirectory: true } && come is { IsDirectory: true })
            {
                await foreach (var path in ChangedFilesAsync(gone.ChildId, come.ChildId, prefix + come.Name + "/", cancellationToken))
                {
                    yield return path;
                }

                continue;
            }

            // A file changed in place is one path; otherwise each side is a file or folder that came or went.
            foreach (var side in (gone is not null && come is not null ? [come] : new[] { gone, come }).OfType<TreeItem>())
            {
                if (!side.IsDirectory)
                {
                    yield return prefix + side.Name;
                    continue;
                }

                await foreach (var (path, _) in FilesAsync(side.ChildId, prefix + side.Name + "/", cancellationToken))
                {
                    yield return path;
                }
            }
        }
    }

    // The entries of two versions of a folder that are not in nodes both share: index nodes are opened level by level, and a
    // node row found on both sides is dropped with all it holds. What is left stays in the stored order.
    private async Task<(List<TreeItem> Old, List<TreeItem> Now)> UnsharedEntriesAsync(long before, long after, CancellationToken cancellationToken)
    {
        List<long> a = [before], b = [after];
        while (true)
        {
            var shared = a.Intersect(b).ToHashSet();
            a.RemoveAll(shared.Contains);
            b.RemoveAll(shared.Contains);
            var (na, openedA) = await OpenIndexesAsync(a, cancellationToken);
            var (nb, openedB) = await OpenIndexesAsync(b, cancellationToken);
            a = na;
            b = nb;
            if (!openedA && !openedB)
            {
                break;
            }
        }

        return (await ItemsAsync(a, cancellationToken), await ItemsAsync(b, cancellationToken));
    }

    private async Task<(List<long> Nodes, bool Opened)> OpenIndexesAsync(List<long> nodes, CancellationToken cancellationToken)
    {
        var result = new List<long>(nodes.Count);
        var opened = false;
        foreach (var id in nodes)
        {
            var node = await LoadAsync(id, cancellationToken);
            if (node.Children is { } children)
            {
                result.AddRange(children.Select(c => c.NodeId));
                opened = true;
            }
            else
            {
                result.Add(id);
            }
        }

        return (result, opened);
    }

    private async Task<List<TreeItem>> ItemsAsync(List<long> leaves, CancellationToken cancellationToken)
    {
        var items = new List<TreeItem>();
        foreach (var id in leaves)
        {
            items.AddRange((await LoadAsync(id, cancellationToken)).Items!);
        }

        return items;
    }

    /// <summary>
    /// Every file and folder below a folder with its path, depth first (a folder, then what it holds), each folder's
    /// entries in the stored order; when <paramref name="after"/> names an entry (its path's segments, and whether it is a
    /// folder), the walk starts right after it, reading only the nodes on the way there.
    /// </summary>
    public IAsyncEnumerable<(string Path, TreeItem Item)> WalkAsync(long folder, string prefix, IReadOnlyList<string>? after, bool afterIsDirectory, CancellationToken cancellationToken) =>
        WalkFromAsync(folder, prefix, after ?? [], afterIsDirectory, 0, cancellationToken);

    private async IAsyncEnumerable<(string Path, TreeItem Item)> WalkFromAsync(long folder, string prefix, IReadOnlyList<string> after, bool afterIsDirectory, int depth, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? resumeName = null;
        var resumeIsDirectory = false;
        if (depth < after.Count)
        {
            resumeName = after[depth];
            var last = depth == after.Count - 1;
            resumeIsDirectory = !last || afterIsDirectory;

            // The cursor's folder was listed but not (or not all of) what it holds: finish it first.
            if (resumeIsDirectory && await FindInAsync(folder, resumeName, true, cancellationToken) is { } inside)
            {
                await foreach (var below in WalkFromAsync(inside.ChildId, prefix + resumeName + "/", last ? [] : after, afterIsDirectory, last ? 0 : depth + 1, cancellationToken))
                {
                    yield return below;
                }
            }
        }

        await foreach (var item in EntriesAsync(folder, resumeName, resumeIsDirectory, cancellationToken))
        {
            var path = prefix + item.Name;
            yield return (path, item);
            if (item.IsDirectory)
            {
                await foreach (var below in WalkFromAsync(item.ChildId, path + "/", [], false, 0, cancellationToken))
                {
                    yield return below;
                }
            }
        }
    }

    /// <summary>
    /// Every stored node (of one repository, or of all), in row order, read a thousand rows at a time so that a scan of a
    /// large data folder holds one batch in memory; the rows are not decoded or cached.
    /// </summary>
    public async IAsyncEnumerable<TreeEntity> ScanAsync(long? repositoryId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lastId = 0L;
        while (true)
        {
            var batch = await db.Trees.AsNoTracking().Where(t => t.Id > lastId && (repositoryId == null || t.RepositoryId == repositoryId))
                .OrderBy(t => t.Id).Take(1000).ToListAsync(cancellationToken);
            foreach (var row in batch)
            {
                yield return row;
            }

            if (batch.Count < 1000)
            {
                yield break;
            }

            lastId = batch[^1].Id;
        }
    }

    /// <summary>Writes a node and returns its row. Runs in the caller's transaction.</summary>
    public async Task<long> InsertAsync(long repositoryId, byte[] data, string? gitId, long fileCount, long totalSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        var command = await InsertCommandAsync(cancellationToken);
        command.Parameters[0].Value = repositoryId;
        command.Parameters[1].Value = (object?)gitId ?? DBNull.Value;
        command.Parameters[2].Value = fileCount;
        command.Parameters[3].Value = totalSize;
        command.Parameters[4].Value = data;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    // One prepared statement for all the nodes of a commit: a large commit writes hundreds.
    private async Task<DbCommand> InsertCommandAsync(CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (_insert is not null && _insert.Transaction == transaction)
        {
            return _insert;
        }

        if (_insert is not null)
        {
            await _insert.DisposeAsync();
        }

        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        _insert = connection.CreateCommand();
        _insert.Transaction = transaction;
        _insert.CommandText = "INSERT INTO trees (RepositoryId, GitId, FileCount, TotalSize, Data) VALUES (@r, @g, @f, @s, @d) RETURNING Id";
        foreach (var name in new[] { "@r", "@g", "@f", "@s", "@d" })
        {
            var parameter = _insert.CreateParameter();
            parameter.ParameterName = name;
            _insert.Parameters.Add(parameter);
        }

        return _insert;
    }

    private async ValueTask<TreeItem?> FindInAsync(long nodeId, string name, bool isDirectory, CancellationToken cancellationToken)
    {
        while (true)
        {
            var node = await LoadAsync(nodeId, cancellationToken);
            var at = node.LowerBound(name, isDirectory);
            if (node.Items is { } items)
            {
                return at < items.Count && items[at].IsDirectory == isDirectory && items[at].Name == name ? items[at] : null;
            }

            if (at == node.Children!.Count)
            {
                return null;
            }

            nodeId = node.Children[at].NodeId;
        }
    }

    private sealed record PathKey(long Root, string Path);
}
