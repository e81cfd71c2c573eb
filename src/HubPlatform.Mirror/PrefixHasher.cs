using System.Security.Cryptography;

namespace HubPlatform.Mirror;

/// <summary>
/// The sha256 of a multipart object computed while its parts arrive: whenever the parts written so far form a longer
/// unbroken run from the start, a background task reads and hashes the new stretch, so that the completion has little
/// left to hash. A part written again over bytes already claimed for hashing makes the hash unusable (the completion then
/// hashes the whole file), so a changed part can never leave a stale hash behind.
/// </summary>
internal sealed class PrefixHasher(string file, long size) : IDisposable
{
    private const int BufferBytes = 1 << 20;
    private readonly Lock _gate = new();
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly SortedDictionary<long, long> _written = [];
    private long _claimed;
    private Task _running = Task.CompletedTask;
    private bool _broken;

    /// <summary>A part starts being written over <c>[offset, offset + length)</c>.</summary>
    public void Begin(long offset, long length)
    {
        lock (_gate)
        {
            _written.Remove(offset);
            if (offset < _claimed)
            {
                _broken = true;
            }
        }
    }

    /// <summary>A part was written whole; hashing moves on if the unbroken run from the start grew.</summary>
    public void End(long offset, long length)
    {
        lock (_gate)
        {
            _written[offset] = offset + length;
            if (_running.IsCompleted && !_broken)
            {
                _running = Task.Run(RunAsync);
            }
        }
    }

    /// <summary>The object's sha256 once every byte is hashed, or null when the hash became unusable.</summary>
    public async Task<string?> FinishAsync(CancellationToken cancellationToken)
    {
        Task running;
        lock (_gate)
        {
            running = _running;
        }

        await running.WaitAsync(cancellationToken);
        lock (_gate)
        {
            return _broken || _claimed != size ? null : Convert.ToHexStringLower(_hash.GetHashAndReset());
        }
    }

    public void Dispose() => _hash.Dispose();

    private async Task RunAsync()
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            using var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.Asynchronous);
            while (true)
            {
                long from, to;
                lock (_gate)
                {
                    from = _claimed;
                    to = from;
                    while (_written.TryGetValue(to, out var end))
                    {
                        to = end;
                    }

                    if (to == from || _broken)
                    {
                        return;
                    }

                    _claimed = to;
                }

                for (var at = from; at < to;)
                {
                    var read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(0, (int)Math.Min(BufferBytes, to - at)), at);
                    if (read == 0)
                    {
                        throw new IOException("The object file is shorter than its written parts.");
                    }

                    _hash.AppendData(buffer, 0, read);
                    at += read;
                }
            }
        }
        catch (IOException)
        {
            lock (_gate)
            {
                _broken = true;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
