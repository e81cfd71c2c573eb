namespace HubPlatform.Client.Cache;

/// <summary>
/// An exclusive lock on a lock file, as <c>filelock</c> takes it in Python (flock on Unix), so a .NET process and a Python
/// process never write the same blob at once. The lock goes with the handle when the process dies.
/// </summary>
internal sealed class FileLock : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    public static async Task<FileLock> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                // FileShare.None takes flock(LOCK_EX | LOCK_NB) on Unix and a share lock on Windows.
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                await Task.Delay(Poll, cancellationToken);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
