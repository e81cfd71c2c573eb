using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HubPlatform.Client.Errors;
using HubPlatform.Client.Http;
using HubPlatform.Hub;

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
            using var doc = await BatchAsync(repo, type, revision, batch, cancellationToken);
            foreach (var answer in doc.RootElement.GetProperty("objects").EnumerateArray())
            {
                var oid = answer.GetProperty("oid").GetString() ?? throw new HubException("The LFS batch answer has an object without oid.");
                if (answer.TryGetProperty("error", out var error))
                {
                    var message = error.TryGetProperty("message", out var m) ? m.GetString() : error.ToString();
                    throw new HubException($"The server refused LFS object {oid}: {message}");
                }

                var source = batch.FirstOrDefault(o => string.Equals(o.Sha256, oid, StringComparison.OrdinalIgnoreCase))
                             ?? throw new HubException($"The LFS batch answer names object {oid}, which was not asked for.");
                if (!answer.TryGetProperty("actions", out var actions) || !actions.TryGetProperty("upload", out var upload))
                {
                    continue;
                }

                var href = new Uri(upload.GetProperty("href").GetString()!);
                if (upload.TryGetProperty("header", out var header) && header.ValueKind == JsonValueKind.Object && header.TryGetProperty("chunk_size", out var chunk))
                {
                    var chunkSize = chunk.ValueKind == JsonValueKind.Number ? chunk.GetInt64() : long.Parse(chunk.GetString()!, CultureInfo.InvariantCulture);
                    await UploadMultipartAsync(source, href, header, chunkSize, Sent, cancellationToken);
                }
                else
                {
                    await WithRetriesAsync(async () =>
                    {
                        using var put = new HttpRequestMessage(HttpMethod.Put, href) { Content = new StreamRangeContent(source.Open, 0, source.Size, Sent) };
                        put.Options.Set(HubRequestOptions.NoTimeout, true);
                        using var response = await http.SendAsync(put, cancellationToken);
                    }, cancellationToken);
                }

                if (actions.TryGetProperty("verify", out var verify))
                {
                    using var check = new StringContent($$"""{"oid":"{{source.Sha256}}","size":{{source.Size.ToString(CultureInfo.InvariantCulture)}}}""", Encoding.UTF8);
                    check.Headers.ContentType = LfsJson;
                    await WithRetriesAsync(async () =>
                    {
                        using var verified = await http.PostAsync(new Uri(verify.GetProperty("href").GetString()!), check, cancellationToken);
                    }, cancellationToken);
                }

                count++;
                bytes += source.Size;
            }
        }

        return (count, bytes);
    }

    private async Task<JsonDocument> BatchAsync(RepoId repo, RepoType type, Revision revision, IEnumerable<LfsObject> batch, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteString("operation", "upload");
            w.WriteStartArray("transfers");
            w.WriteStringValue("basic");
            w.WriteStringValue("multipart");
            w.WriteEndArray();
            w.WriteString("hash_algo", "sha256");
            w.WriteStartObject("ref");
            w.WriteString("name", revision.Value);
            w.WriteEndObject();
            w.WriteStartArray("objects");
            foreach (var o in batch)
            {
                w.WriteStartObject();
                w.WriteString("oid", o.Sha256);
                w.WriteNumber("size", o.Size);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        var url = new Uri($"{options.Endpoint.AbsoluteUri.TrimEnd('/')}/{type.UrlPrefix()}{repo}.git/info/lfs/objects/batch");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body.ToArray()) };
        request.Content.Headers.ContentType = LfsJson;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.git-lfs+json"));
        using var response = await http.SendAsync(request, cancellationToken);
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
    }

    private async Task UploadMultipartAsync(LfsObject source, Uri completion, JsonElement header, long chunkSize, Action<long> sent, CancellationToken cancellationToken)
    {
        var parts = header.EnumerateObject()
            .Where(p => int.TryParse(p.Name, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(p => (Number: int.Parse(p.Name, CultureInfo.InvariantCulture), Url: new Uri(p.Value.GetString()!)))
            .OrderBy(p => p.Number)
            .ToList();
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
                    using var put = new HttpRequestMessage(HttpMethod.Put, part.Url) { Content = new StreamRangeContent(source.Open, offset, length, sent) };
                    put.Options.Set(HubRequestOptions.NoTimeout, true);
                    using var answer = await http.SendAsync(put, cancellationToken);
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
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $$"""{"oid":"{{source.Sha256}}","parts":[""");
        body.AppendJoin(',', parts.Select(p => $$"""{"partNumber":{{p.Number.ToString(CultureInfo.InvariantCulture)}},"etag":{{JsonSerializer.Serialize(etags[p.Number], HubPlatform.Hub.Api.HubJsonContext.Default.String)}}}"""));
        body.Append("]}");
        await WithRetriesAsync(async () =>
        {
            using var content = new StringContent(body.ToString(), Encoding.UTF8);
            content.Headers.ContentType = LfsJson;
            using var request = new HttpRequestMessage(HttpMethod.Post, completion) { Content = content };
            request.Options.Set(HubRequestOptions.NoTimeout, true);
            using var done = await http.SendAsync(request, cancellationToken);
        }, cancellationToken);
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
