using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Threading.Channels;
using HubPlatform.Client.Errors;
using Microsoft.Extensions.Logging;

namespace HubPlatform.Client.Files;

/// <summary>
/// Streams one file into a temporary path: resumes what is already there with <c>Range</c> (also a file left by another
/// process), resumes again when the stream stalls or breaks, hashes while writing, and checks the size and the sha256 at the end.
/// </summary>
internal sealed class BlobDownloader(HttpClient http, HubClientOptions options, ILogger logger)
{
    private const int BufferSize = 256 * 1024;
    private const int ChunksInFlight = 8;

    public async Task DownloadAsync(
        Uri location,
        string tempPath,
        string repoPath,
        long? expectedSize,
        string? expectedSha256,
        IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(tempPath)!);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var file = new FileStream(tempPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.Asynchronous);
        if (expectedSize is { } size && file.Length > size)
        {
            file.SetLength(0);
        }

        await HashExistingAsync(file, hash, cancellationToken);
        var failures = 0;
        while (true)
        {
            if (expectedSize is { } total && file.Length == total)
            {
                break;
            }

            try
            {
                var complete = await FetchAsync(location, file, hash, repoPath, expectedSize, progress, cancellationToken);
                if (complete)
                {
                    break;
                }
            }
            catch (Exception e) when (IsResumable(e, cancellationToken) && failures < options.MaxResumeAttempts)
            {
                failures++;
                logger.LogWarning("Download of {Path} broke off at {Bytes} bytes ({Reason}); resuming ({Attempt}/{Max}).", repoPath, file.Length, e.Message, failures, options.MaxResumeAttempts);
                await Task.Delay(options.RetryBaseDelay, cancellationToken);
            }
        }

        if (expectedSize is { } expected && file.Length != expected)
        {
            throw new HubException($"Consistency check failed for '{repoPath}': expected {expected} bytes, got {file.Length}. Try again; the partial file was removed.");
        }

        await file.FlushAsync(cancellationToken);
        if (options.FlushBlobsToDisk)
        {
#pragma warning disable CA1849 // FlushAsync cannot fsync.
            file.Flush(flushToDisk: true);
#pragma warning restore CA1849
        }
        if (expectedSha256 is not null)
        {
            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
            {
                file.SetLength(0);
                throw new HubException($"Checksum mismatch for '{repoPath}': the server announced sha256 {expectedSha256} but sent {actual}. The file was not kept.");
            }
        }
    }

    // Returns true when the body was read to its end.
    private async Task<bool> FetchAsync(
        Uri location,
        FileStream file,
        IncrementalHash hash,
        string repoPath,
        long? expectedSize,
        IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken)
    {
        var offset = file.Length;
        using var request = new HttpRequestMessage(HttpMethod.Get, location);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
        if (offset > 0)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
            request.Options.Set(Http.HubRequestOptions.AllowErrorStatus, true);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // What we hold does not fit the file any more: start over.
            RestartFrom0(file, hash);
            return false;
        }

        if ((int)response.StatusCode >= 400)
        {
            throw await HubErrorMapper.CreateAsync(response, cancellationToken);
        }

        if (offset > 0 && response.StatusCode != HttpStatusCode.PartialContent)
        {
            // The server ignored the Range and sends the whole file.
            RestartFrom0(file, hash);
        }

        file.Seek(0, SeekOrigin.End);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await CopyAsync(body, file, hash, repoPath, expectedSize, progress, cancellationToken);

        if (expectedSize is { } size && file.Length < size)
        {
            throw new IOException($"The connection closed after {file.Length} of {size} bytes.");
        }

        return true;
    }

    // Three stages overlap: the network read of the next chunk, and the hash and the disk write of the current one.
    // Hashing alone costs about as much as the transfer on loopback, so doing it in line would double the time.
    private async Task CopyAsync(Stream body, FileStream file, IncrementalHash hash, string repoPath, long? expectedSize, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var chunks = Channel.CreateBounded<(byte[] Buffer, int Length)>(new BoundedChannelOptions(ChunksInFlight) { SingleReader = true, SingleWriter = true });
        var producer = ReadChunksAsync(body, chunks.Writer, stop.Token);
        try
        {
            await foreach (var (buffer, length) in chunks.Reader.ReadAllAsync(stop.Token))
            {
                try
                {
                    var write = file.WriteAsync(buffer.AsMemory(0, length), stop.Token);
                    hash.AppendData(buffer, 0, length);
                    await write;
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                progress?.Report(new DownloadProgress(repoPath, file.Length, expectedSize, false));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await producer;
            while (chunks.Reader.TryRead(out var left))
            {
                ArrayPool<byte>.Shared.Return(left.Buffer);
            }
        }
    }

    private async Task ReadChunksAsync(Stream body, ChannelWriter<(byte[] Buffer, int Length)> writer, CancellationToken stop)
    {
        try
        {
            using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
                var read = 0;
                Exception? failure = null;
                try
                {
                    // Fill at least half a buffer so chunks stay large; each socket read gets its own timeout.
                    int n;
                    do
                    {
                        readTimeout.CancelAfter(options.DownloadReadTimeout);
                        n = await body.ReadAsync(buffer.AsMemory(read, BufferSize - read), readTimeout.Token);
                        read += n;
                    }
                    while (n > 0 && read < BufferSize / 2);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    failure = new TimeoutException($"No data for {options.DownloadReadTimeout.TotalSeconds:0.#} s.");
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failure = e;
                }

                if (read == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
                else
                {
                    // Bytes that arrived before a failure are kept, so the resume starts after them.
                    await writer.WriteAsync((buffer, read), stop);
                }

                if (failure is not null)
                {
                    ExceptionDispatchInfo.Throw(failure);
                }

                if (read == 0)
                {
                    break;
                }
            }

            writer.TryComplete();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }

    private static async Task HashExistingAsync(FileStream file, IncrementalHash hash, CancellationToken cancellationToken)
    {
        if (file.Length == 0)
        {
            return;
        }

        file.Seek(0, SeekOrigin.Begin);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await file.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void RestartFrom0(FileStream file, IncrementalHash hash)
    {
        file.SetLength(0);
        hash.GetHashAndReset();
    }

    private static bool IsResumable(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && e is IOException or HttpRequestException or TimeoutException;
}
