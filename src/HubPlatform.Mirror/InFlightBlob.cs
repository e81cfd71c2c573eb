namespace HubPlatform.Mirror;

/// <summary>
/// A pulled file on its way from upstream into the blob store, which other requests for the same file read as it grows
/// instead of fetching it again: how many of its bytes may be sent (checked bytes only, as for the first client), and
/// whether it ended well.
/// </summary>
internal sealed class InFlightBlob(string path)
{
    private long _available;
    private int _outcome; // 0 running, 1 stored, 2 failed
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The temporary file the bytes are written to.</summary>
    public string Path { get; } = path;

    /// <summary>Bytes that may be sent.</summary>
    public long Available => Volatile.Read(ref _available);

    /// <summary>Whether the file was stored whole and checked.</summary>
    public bool Stored => Volatile.Read(ref _outcome) == 1;

    /// <summary>Whether the fetch failed (its bytes must not be served).</summary>
    public bool Failed => Volatile.Read(ref _outcome) == 2;

    /// <summary>Completes at the next change; take it before reading <see cref="Available"/> so no change is missed.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    public void Advance(long available)
    {
        Volatile.Write(ref _available, available);
        Signal();
    }

    public void Finish(bool stored, long size)
    {
        if (stored)
        {
            Volatile.Write(ref _available, size);
        }

        Volatile.Write(ref _outcome, stored ? 1 : 2);
        Signal();
    }

    private void Signal() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
