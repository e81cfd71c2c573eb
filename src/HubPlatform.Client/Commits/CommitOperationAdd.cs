using HubPlatform.Client.Files;

namespace HubPlatform.Client.Commits;

/// <summary>
/// Adds or replaces a file. Its bytes are read once to hash them and again to send them, so the source must give the
/// same bytes each time it is opened; nothing is held in memory.
/// </summary>
public sealed record CommitOperationAdd : CommitOperation
{
    private readonly Func<Stream> _open;

    private CommitOperationAdd(string pathInRepo, Func<Stream> open, string? localPath)
        : base(pathInRepo)
    {
        _open = open;
        LocalPath = localPath;
    }

    /// <summary>The file on disk, when the bytes come from one.</summary>
    public string? LocalPath { get; }

    /// <summary>A file on disk (a symbolic link is followed). A file of no length is sent empty without being opened.</summary>
    /// <exception cref="FileNotFoundException">It does not exist.</exception>
    public static CommitOperationAdd FromFile(string pathInRepo, string localPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        var full = Path.GetFullPath(localPath);
        if (LocalFile.Target(full) is not { Exists: true } target)
        {
            throw new FileNotFoundException($"'{localPath}' does not exist.", localPath);
        }

        // A file of no length is never opened: FIFOs and devices report none, and opening or reading one can block forever.
        return new CommitOperationAdd(pathInRepo, target.Length == 0 ? () => new MemoryStream([], writable: false) : () => OpenFile(full), full);
    }

    /// <summary>Bytes in memory.</summary>
    public static CommitOperationAdd FromBytes(string pathInRepo, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new CommitOperationAdd(pathInRepo, () => new MemoryStream(content, writable: false), null);
    }

    /// <summary>A stream factory; each call must return a new stream with the same bytes from the start.</summary>
    public static CommitOperationAdd FromStream(string pathInRepo, Func<Stream> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        return new CommitOperationAdd(pathInRepo, open, null);
    }

    internal Stream Open() => _open();

    internal static FileStream OpenFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
}
