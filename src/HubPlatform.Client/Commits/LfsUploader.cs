using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HubPlatform.Client.Errors;
using HubPlatform.Client.Http;
using HubPlatform.Hub;
using HubPlatform.Hub.Api;

namespace HubPlatform.Client.Commits;

/// <summary>
/// The LFS batch API, upload side: asks for upload actions (offering basic and multipart, never Xet), skips objects the
/// server already has, sends the rest (a multipart object's parts in parallel, each retried on its own), and verifies.
/// </summary>
internal sealed class LfsUploader(HttpClient http, HubClientOptions options)
{
    private const int BatchSize = 256;
    private const int PartAttempts = 4;
    private static readonly MediaTypeHeaderValue LfsJson = new("application/vnd.git-lfs+json");

    /// <summary>An object to upload and where its bytes come from.</summary>
    public sealed record LfsObject(string Sha256, long Size, Func<Stream> Open);

    /// <summary>Uploads what the server lacks; returns the objects and bytes sent.</summary>
    public async Task<(int Objects, long Bytes)> UploadAsync(RepoId repo, RepoType type, Revision revision, IReadOnlyList<LfsObject> objects, IProgress<UploadProgress>? progress, CancellationToken cancellationToken)
    {
        var total = objects.Sum(o => o.Size);
        long sent = 0;
        void Sent(long n) => progress?.Report(new UploadProgress(UploadStage.Uploading, null, Interlocked.Add(ref sent, n), total));
        var (count, bytes) = (0, 0L);
        foreach (var batch in objects.Chunk(BatchSize))
        {
            var answer = await BatchAsync(repo, type, revision, batch, cancellationToken);
            foreach (var entry in answer.Objects)
            {
                if (entry.Error is { } error)
                {
                    throw new HubException($"The server refused LFS object {entry.Oid}: {error.Message}");
                }

                var source = batch.FirstOrDefault(o => string.Equals(o.Sha256, entry.Oid, StringComparison.OrdinalIgnoreCase))
                             ?? throw new HubException($"The LFS batch answer names object {entry.Oid}, which was not asked for.");
                if (entry.Actions?.Upload is not { } upload)
                {
                    continue;
                }

                var href = new Uri(upload.Href);
                if (upload.ChunkSize is { } chunkSize)
                {
                    await UploadMultipartAsync(source, href, upload, chunkSize, Sent, cancellationToken);
                }
                else
                {
                    await WithRetriesAsync(async () =>
                    {
                        using var put = new HttpRequestMessage(HttpMethod.Put, href);
                        put.Options.Set(HubRequestOptions.NoTimeout, true);
                        using var response = await SendCountedAsync(put, source, 0, source.Size, Sent, cancellationToken);
                    }, cancellationToken);
                }

                if (entry.Actions.Verify is { } verify)
                {
                    await WithRetriesAsync(async () =>
                    {
                        using var check = JsonContent.Create(new LfsObjectId(source.Sha256, source.Size), HubJsonContext.Default.LfsObjectId, LfsJson);
                        using var verified = await http.PostAsync(new Uri(verify.Href), check, cancellationToken);
                    }, cancellationToken);
                }

                count++;
                bytes += source.Size;
            }
        }

        return (count, bytes);
    }

    private async Task<LfsBatchResponse> BatchAsync(RepoId repo, RepoType type, Revision revision, IEnumerable<LfsObject> batch, CancellationToken cancellationToken)
    {
        var body = new LfsBatchRequest
        {
            Operation = "upload",
            Transfers = ["basic", "multipart"],
            Ref = new LfsRef(revision.Value),
            Objects = batch.Select(o => new LfsObjectId(o.Sha256, o.Size)).ToList(),
        };
        var url = new Uri($"{options.Endpoint.AbsoluteUri.TrimEnd('/')}/{type.UrlPrefix()}{repo}.git/info/lfs/objects/batch");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, HubJsonContext.Default.LfsBatchRequest, LfsJson) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(LfsJson.MediaType!));
        using var response = await http.SendAsync(request, cancellationToken);
        return await JsonSerializer.DeserializeAsync(await response.Content.ReadAsStreamAsync(cancellationToken), HubJsonContext.Default.LfsBatchResponse, cancellationToken)
               ?? throw new HubException("The LFS batch answer is empty.");
    }

    private async Task UploadMultipartAsync(LfsObject source, Uri completion, LfsAction upload, long chunkSize, Action<long> sent, CancellationToken cancellationToken)
    {
        var parts = upload.Parts.Select(p => (p.Number, Url: new Uri(p.Url))).ToList();
        if (chunkSize <= 0 || parts.Count != (int)((source.Size + chunkSize - 1) / chunkSize))
        {
            throw new HubException($"The server offered {parts.Count} parts of {chunkSize} bytes for an object of {source.Size} bytes.");
        }

        var state = MultipartResumeState.Load(options.UploadStateDirectory, options.Endpoint, source.Sha256, source.Size, chunkSize);
        var resumed = state.Known.Count > 0;
        await SendPartsAsync(source, parts, chunkSize, state, sent, cancellationToken);
        try
        {
            await CompleteAsync(source, completion, parts, state, cancellationToken);
        }
        catch (HubHttpException e) when (resumed && (int)e.StatusCode is >= 400 and < 500)
        {
            // The server no longer has the parts an earlier run sent (another upload session): send them all again.
            state.Clear();
            await SendPartsAsync(source, parts, chunkSize, state, sent, cancellationToken);
            await CompleteAsync(source, completion, parts, state, cancellationToken);
        }

        state.Clear();
    }

    // Sends the parts the server has not acknowledged yet, a few at a time, each recorded as soon as it is. When one fails
    // for good no new part starts, but those under way finish, so a run again has as little as possible left to send.
    private async Task SendPartsAsync(LfsObject source, List<(int Number, Uri Url)> parts, long chunkSize, MultipartResumeState state, Action<long> sent, CancellationToken cancellationToken)
    {
        var known = state.Known;
        foreach (var number in known.Keys)
        {
            // Sent by an earlier run: already done as far as progress goes.
            sent(Math.Max(0, Math.Min(chunkSize, source.Size - ((number - 1) * chunkSize))));
        }

        using var slots = new SemaphoreSlim(Math.Max(1, options.MaxParallelUploads));
        var failed = 0;
        var sends = parts.Where(p => !known.ContainsKey(p.Number)).Select(async part =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                if (Volatile.Read(ref failed) != 0)
                {
                    return;
                }

                var offset = (part.Number - 1) * chunkSize;
                var length = Math.Min(chunkSize, source.Size - offset);
                await WithRetriesAsync(async () =>
                {
                    using var put = new HttpRequestMessage(HttpMethod.Put, part.Url);
                    put.Options.Set(HubRequestOptions.NoTimeout, true);
                    using var answer = await SendCountedAsync(put, source, offset, length, sent, cancellationToken);
                    var etag = answer.Headers.ETag?.ToString()
                               ?? (answer.Headers.TryGetValues("ETag", out var raw) ? raw.First() : null)
                               ?? throw new HubException($"Part {part.Number} of {source.Sha256} was answered without an ETag.");
                    state.Record(part.Number, etag);
                }, cancellationToken);
            }
            catch
            {
                Interlocked.Exchange(ref failed, 1);
                throw;
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        await Task.WhenAll(sends);
    }

    private async Task CompleteAsync(LfsObject source, Uri completion, List<(int Number, Uri Url)> parts, MultipartResumeState state, CancellationToken cancellationToken)
    {
        var etags = state.Known;
        var body = new LfsMultipartCompletion { Oid = source.Sha256, Parts = parts.Select(p => new LfsCompletedPart(p.Number, etags[p.Number])).ToList() };
        await WithRetriesAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, completion) { Content = JsonContent.Create(body, HubJsonContext.Default.LfsMultipartCompletion, LfsJson) };
            request.Options.Set(HubRequestOptions.NoTimeout, true);
            using var done = await http.SendAsync(request, cancellationToken);
        }, cancellationToken);
    }

    // Sends bytes of the source; an attempt that fails takes back the bytes it reported, so progress never counts a retry twice.
    private async Task<HttpResponseMessage> SendCountedAsync(HttpRequestMessage request, LfsObject source, long offset, long length, Action<long> sent, CancellationToken cancellationToken)
    {
        long reported = 0;
        request.Content = new StreamRangeContent(source.Open, offset, length, n =>
        {
            reported += n;
            sent(n);
        });
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch
        {
            sent(-reported);
            throw;
        }
    }

    // Sending bytes is idempotent at the server, so each upload, part or completion is retried on its own after a dropped
    // connection or a transient status, with a growing pause.
    private async Task WithRetriesAsync(Func<Task> action, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await action();
                return;
            }
            catch (Exception e) when (attempt < PartAttempts && !cancellationToken.IsCancellationRequested && IsTransient(e))
            {
                await Task.Delay(options.RetryBaseDelay * attempt, cancellationToken);
            }
        }
    }

    private static bool IsTransient(Exception e) =>
        e is HttpRequestException or IOException or TaskCanceledException
        || (e is HubHttpException h && HubResilience.IsTransient(h.StatusCode));
}
