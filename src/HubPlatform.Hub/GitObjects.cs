using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HubPlatform.Hub;

/// <summary>
/// Git tree and commit object ids, computed exactly as git computes them, so that a history made by the mirror could be
/// served to <c>git clone</c> unchanged.
/// </summary>
public static class GitObjects
{
    /// <summary>The mode git writes for a regular file.</summary>
    public const string FileMode = "100644";

    /// <summary>The mode git writes for a folder.</summary>
    public const string TreeMode = "40000";

    /// <summary>
    /// The ids of the root tree and of every folder of a file list (path to git blob id). Keys of the result are folder
    /// paths ("" for the root).
    /// </summary>
    public static IReadOnlyDictionary<string, string> TreeIds(IEnumerable<KeyValuePair<string, string>> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var root = new Folder();
        foreach (var (path, blobId) in files)
        {
            var parts = path.Split('/');
            var folder = root;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                if (!folder.Folders.TryGetValue(parts[i], out var child))
                {
                    child = new Folder();
                    folder.Folders[parts[i]] = child;
                }

                folder = child;
            }

            folder.Files[parts[^1]] = blobId;
        }

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        Hash(root, string.Empty, ids);
        return ids;
    }

    /// <summary>The id of a commit object.</summary>
    /// <param name="treeId">The root tree.</param>
    /// <param name="parents">Parent commits, in order.</param>
    /// <param name="author">Author identity, <c>Name &lt;email&gt;</c>.</param>
    /// <param name="time">Author and committer time.</param>
    /// <param name="message">The message, exactly as stored (git messages end with a newline).</param>
    public static string CommitId(string treeId, IEnumerable<string> parents, string author, DateTimeOffset time, string message)
    {
        ArgumentNullException.ThrowIfNull(parents);
        ArgumentNullException.ThrowIfNull(message);
        var stamp = time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + " " + Offset(time.Offset);
        var body = new StringBuilder();
        body.Append("tree ").Append(treeId).Append('\n');
        foreach (var parent in parents)
        {
            body.Append("parent ").Append(parent).Append('\n');
        }

        body.Append("author ").Append(author).Append(' ').Append(stamp).Append('\n');
        body.Append("committer ").Append(author).Append(' ').Append(stamp).Append('\n');
        body.Append('\n').Append(message);
        return ObjectId("commit", Encoding.UTF8.GetBytes(body.ToString()));
    }

    /// <summary>The message git stores for a title and an optional description.</summary>
    public static string Message(string title, string? description) =>
        string.IsNullOrWhiteSpace(description) ? title.TrimEnd() + "\n" : title.TrimEnd() + "\n\n" + description.TrimEnd() + "\n";

    private static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture);

    private static string Hash(Folder folder, string path, Dictionary<string, string> ids)
    {
        // Git sorts entries by name, comparing a folder's name as if it ended with '/'.
        var entries = folder.Files.Select(f => (SortKey: f.Key, Mode: FileMode, Name: f.Key, Id: f.Value))
            .Concat(folder.Folders.Select(d => (SortKey: d.Key + "/", Mode: TreeMode, Name: d.Key, Id: Hash(d.Value, path.Length == 0 ? d.Key : path + "/" + d.Key, ids))))
            .OrderBy(e => e.SortKey, StringComparer.Ordinal)
            .ToList();
        using var content = new MemoryStream();
        foreach (var (_, mode, name, id) in entries)
        {
            content.Write(Encoding.UTF8.GetBytes(mode + " " + name));
            content.WriteByte(0);
            content.Write(Convert.FromHexString(id));
        }

        var treeId = ObjectId("tree", content.ToArray());
        ids[path] = treeId;
        return treeId;
    }

    private static string ObjectId(string type, byte[] content)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        hash.AppendData(Encoding.ASCII.GetBytes(type + " " + content.Length.ToString(CultureInfo.InvariantCulture) + "\0"));
        hash.AppendData(content);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private sealed class Folder
    {
        public Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Folder> Folders { get; } = new(StringComparer.Ordinal);
    }
}
