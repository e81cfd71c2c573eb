using System.Text;
using HubPlatform.Hub;

namespace HubPlatform.Client.Cache;

/// <summary>
/// The <c>huggingface_hub</c> cache layout, so that files fetched here are cache hits for Python and the other way round:
/// <c>{type}s--{ns}--{name}/blobs/{etag}</c>, <c>refs/{revision}</c> (the commit, no newline),
/// <c>snapshots/{commit}/{path}</c> (relative symlinks to blobs), <c>.no_exist/{commit}/{path}</c>,
/// <c>trees/{commit}.json</c>, and <c>.locks/{repo folder}/{etag}.lock</c> beside them.
/// </summary>
public sealed class HubCache
{
    /// <summary>The signature line of a cache directory tag (bford.info/cachedir).</summary>
    public const string CacheDirTagSignature = "Signature: 8a477f597d28d172789f06886806bc55";

    /// <summary>Creates a view of the cache rooted at the given folder; nothing is written until needed.</summary>
    public HubCache(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The cache root.</summary>
    public string Root { get; }

    /// <summary><c>models--acme--tiny-bert</c>: the repository's folder name.</summary>
    public static string RepoFolderName(RepoType type, RepoId repo)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return type.ApiSegment() + "--" + repo.ToString().Replace("/", "--", StringComparison.Ordinal);
    }

    /// <summary>The repository's folder.</summary>
    public string RepoFolder(RepoType type, RepoId repo) => Path.Combine(Root, RepoFolderName(type, repo));

    /// <summary>Where the blob with this ETag lives.</summary>
    public string BlobPath(RepoType type, RepoId repo, string etag) => Path.Combine(RepoFolder(type, repo), "blobs", CheckName(etag));

    /// <summary>The snapshot folder of a commit.</summary>
    public string SnapshotFolder(RepoType type, RepoId repo, string commit) =>
        Path.Combine(RepoFolder(type, repo), "snapshots", CheckCommit(commit));

    /// <summary>The file in a commit's snapshot (a validated repository path; it cannot leave the snapshot).</summary>
    public string SnapshotPath(RepoType type, RepoId repo, string commit, string path) =>
        RepoFilePath.UnderFolder(SnapshotFolder(type, repo, commit), path);

    /// <summary>The marker that says the path is known to be missing at the commit.</summary>
    public string NoExistPath(RepoType type, RepoId repo, string commit, string path) =>
        RepoFilePath.UnderFolder(Path.Combine(RepoFolder(type, repo), ".no_exist", CheckCommit(commit)), path);

    /// <summary>The file holding the commit a revision was last seen at (<c>refs/main</c>, <c>refs/refs/pr/1</c>).</summary>
    public string RefPath(RepoType type, RepoId repo, Revision revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        return RepoFilePath.UnderFolder(Path.Combine(RepoFolder(type, repo), "refs"), revision.Value);
    }

    /// <summary>The cached recursive listing of a commit (<c>trees/{commit}.json</c>).</summary>
    public string TreeCachePath(RepoType type, RepoId repo, string commit) =>
        Path.Combine(RepoFolder(type, repo), "trees", CheckCommit(commit) + ".json");

    /// <summary>The lock file guarding one blob's creation.</summary>
    public string LockPath(RepoType type, RepoId repo, string etag) =>
        Path.Combine(Root, ".locks", RepoFolderName(type, repo), CheckName(etag) + ".lock");

    /// <summary>
    /// The commit a revision is known at: the revision itself if it is a commit id, else the content of its ref file, else <see langword="null"/>.
    /// </summary>
    public string? ResolveCommit(RepoType type, RepoId repo, Revision revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        if (revision.IsCommitId)
        {
            return revision.Value;
        }

        var path = RefPath(type, repo, revision);
        if (!File.Exists(path))
        {
            return null;
        }

        var commit = File.ReadAllText(path);
        return Revision.IsFullCommitId(commit) ? commit : null;
    }

    /// <summary>The cached file for a revision, or <see langword="null"/> when the revision or the file is not cached.</summary>
    public string? TryGetCachedFile(RepoType type, RepoId repo, Revision revision, string path)
    {
        var commit = ResolveCommit(type, repo, revision);
        if (commit is null)
        {
            return null;
        }

        var file = SnapshotPath(type, repo, commit, path);
        return File.Exists(file) ? file : null;
    }

    /// <summary>Whether the path was recorded as missing at the revision's commit.</summary>
    public bool IsKnownMissing(RepoType type, RepoId repo, Revision revision, string path) =>
        ResolveCommit(type, repo, revision) is { } commit && File.Exists(NoExistPath(type, repo, commit, path));

    /// <summary>Records the commit a revision points at, atomically and without a newline; does nothing for commit ids.</summary>
    public void WriteRef(RepoType type, RepoId repo, Revision revision, string commit)
    {
        ArgumentNullException.ThrowIfNull(revision);
        CheckCommit(commit);
        if (revision.IsCommitId)
        {
            return;
        }

        var path = RefPath(type, repo, revision);
        if (File.Exists(path) && File.ReadAllText(path) == commit)
        {
            return;
        }

        EnsureTag();
        WriteAtomically(path, Encoding.ASCII.GetBytes(commit));
    }

    /// <summary>Records that the path does not exist at the commit (an empty marker file).</summary>
    public void MarkMissing(RepoType type, RepoId repo, string commit, string path)
    {
        var marker = NoExistPath(type, repo, commit, path);
        Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
        using (File.Create(marker))
        {
        }
    }

    /// <summary>
    /// Points the snapshot path at the blob: a relative symbolic link, or, when links are disabled or impossible, a copy
    /// (or a move, when the blob was just created, as <c>huggingface_hub</c> does).
    /// </summary>
    public void LinkSnapshot(string blobPath, string snapshotPath, bool disableSymlinks, bool blobIsNew = false)
    {
        var folder = Path.GetDirectoryName(snapshotPath)!;
        Directory.CreateDirectory(folder);
        if (File.Exists(snapshotPath) || IsSymlink(snapshotPath))
        {
            File.Delete(snapshotPath);
        }

        if (!disableSymlinks)
        {
            try
            {
                File.CreateSymbolicLink(snapshotPath, Path.GetRelativePath(folder, blobPath));
                return;
            }
            catch (IOException)
            {
                // File systems without links fall back to a real file below.
            }
            catch (UnauthorizedAccessException)
            {
                // Windows without developer mode: same fallback.
            }
        }

        if (blobIsNew)
        {
            File.Move(blobPath, snapshotPath, overwrite: true);
        }
        else
        {
            File.Copy(blobPath, snapshotPath, overwrite: true);
        }
    }

    /// <summary>Writes <c>CACHEDIR.TAG</c> at the root if it is missing, so backup tools skip the cache.</summary>
    public void EnsureTag()
    {
        var tag = Path.Combine(Root, "CACHEDIR.TAG");
        if (File.Exists(tag))
        {
            return;
        }

        Directory.CreateDirectory(Root);
        WriteAtomically(tag, Encoding.ASCII.GetBytes(CacheDirTagSignature + "\n# Hugging Face Hub cache (written by HubPlatform). See https://bford.info/cachedir/\n"));
    }

    /// <summary>Writes a file through a temporary sibling and a rename, so readers never see half of it.</summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private static bool IsSymlink(string path) => new FileInfo(path).LinkTarget is not null;

    private static string CheckCommit(string commit) =>
        Revision.IsFullCommitId(commit) ? commit : throw new ArgumentException($"'{commit}' is not a 40-hex commit id.", nameof(commit));

    // ETags become file names: only hex-like names are acceptable, never a path.
    private static string CheckName(string etag) =>
        etag.Length is > 0 and <= 128 && etag.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? etag
            : throw new ArgumentException($"'{etag}' cannot name a blob.", nameof(etag));
}
