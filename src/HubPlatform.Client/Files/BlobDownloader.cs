using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
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
#pragma warning disable CA1849 // FlushAsync cannot fsync; the blob must be on disk before it is renamed into place.
        file.Flush(flushToDisk: true);
#pragma warning restore CA1849
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
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            while (true)
            {
                readTimeout.CancelAfter(options.DownloadReadTimeout);
                int read;
                try
                {
                    read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), readTimeout.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"No data for {options.DownloadReadTimeout.TotalSeconds:0.#} s.");
                }

                if (read == 0)
                {
                    break;
                }

                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                progress?.Report(new DownloadProgress(repoPath, file.Length, expectedSize, false));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (expectedSize is { } size && file.Length < size)
        {
            throw new IOException($"The connection closed after {file.Length} of {size} bytes.");
        }

        return true;
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
