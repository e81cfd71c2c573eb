using System.Globalization;
using System.Text.Json;
using HubPlatform.Hub;
using HubPlatform.Hub.Api;
using HubPlatform.Storage;
using HubPlatform.Storage.Entities;
using Microsoft.Extensions.Options;

namespace HubPlatform.Mirror;

/// <summary>
/// The git LFS batch API with the basic and multipart transfers. Transfer URLs carry an HMAC signature naming the
/// repository, the object and an expiry (clients send no token to them); uploaded bytes must match the announced sha256
/// and size or nothing is stored. Objects are reached only through a repository that owns them (<see cref="LfsObjects"/>).
/// </summary>
internal static class LfsEndpoints
{
    private const string LfsJson = "application/vnd.git-lfs+json";

    public static async Task BatchAsync(HttpContext context, RepoType type, RepoId id)
    {
        var ct = context.RequestAborted;
        using var doc = await WriteEndpoints.ReadJsonAsync(context, ct);
        var body = doc.RootElement;
        var operation = WriteEndpoints.Str(body, "operation") ?? "download";
        var upload = operation == "upload";
        var repo = upload ? await context.WritableRepoAsync(type, id, ct) : await context.ReadableRepoAsync(type, id, ct);
        if (!upload)
        {
            await context.RequireGatePassAsync(repo, ct);
        }

        var caller = context.Caller();
        var mayWrite = caller?.CanWrite(repo.Namespace) == true;
        var blobs = context.RequestServices.GetRequiredService<IBlobStore>();
        var signer = context.RequestServices.GetRequiredService<UrlSigner>();
        var options = context.RequestServices.GetRequiredService<IOptions<MirrorOptions>>().Value;
        var baseUrl = context.BaseUrl();
        if (!body.TryGetProperty("objects", out var objects) || objects.ValueKind != JsonValueKind.Array)
        {
            throw new HubProblemException(400, "The batch request needs 'objects'.");
        }

        // Multipart only for clients that offer it; git-lfs clients without a transfers list speak basic.
        var multipartOffered = body.TryGetProperty("transfers", out var transfers) && transfers.ValueKind == JsonValueKind.Array
            && transfers.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == "multipart");
        var asked = objects.EnumerateArray().Select(o => (Oid: WriteEndpoints.Str(o, "oid") ?? string.Empty, Size: WriteEndpoints.Int64(o, "size") ?? -1)).ToList();

        // Only what this repository owns counts: an object stored for another repository is, to this one, absent.
        var owned = await context.RequestServices.GetRequiredService<LfsObjects>()
            .OwnedAsync(repo.Id, asked.Where(o => Sha256Hash.IsSha256(o.Oid)).Select(o => o.Oid), ct);
        var answers = asked.Select(o => Answer(o.Oid, o.Size)).ToList();
        await context.WriteAsync(new LfsBatchResponse { Objects = answers }, HubJsonContext.Default.LfsBatchResponse, LfsJson);

        LfsBatchObject Answer(string oid, long size)
        {
            if (!Sha256Hash.IsSha256(oid) || size < 0 || size > options.MaxLfsObjectBytes)
            {
                var message = size > options.MaxLfsObjectBytes ? $"Objects above {options.MaxLfsObjectBytes} bytes are refused." : "oid must be a sha256 and size a non-negative integer.";
                return new LfsBatchObject { Oid = oid, Size = size, Error = new LfsObjectError(422, message) };
            }

            var key = oid.ToLowerInvariant();

            // A pending upload (not committed yet) is the repository's writers' only.
            var available = Holds(owned, blobs, key, size, mayWrite);
            var scope = new SignedObject(repo.Id, caller?.UserId ?? 0, key, size);
            string Signed(string action, TimeSpan lifetime) => signer.Sign(action, scope, lifetime);
            if (upload && !available && multipartOffered && size >= options.MultipartThresholdBytes)
            {
                // Multipart: numbered part URLs in "header", the completion URL as "href".
                var chunk = options.MultipartChunkBytes;
                var header = new Dictionary<string, JsonElement> { ["chunk_size"] = JsonSerializer.SerializeToElement(chunk.ToString(CultureInfo.InvariantCulture), HubJsonContext.Default.String) };
                for (var part = 1; part <= (int)((size + chunk - 1) / chunk); part++)
                {
                    var url = $"{baseUrl}/lfs/part?{Signed("part" + part.ToString(CultureInfo.InvariantCulture), options.UploadUrlLifetime)}&part={part}";
                    header[part.ToString("D5", CultureInfo.InvariantCulture)] = JsonSerializer.SerializeToElement(url, HubJsonContext.Default.String);
                }

                return new LfsBatchObject
                {
                    Oid = oid, Size = size, Authenticated = true,
                    Actions = new LfsActions { Upload = new LfsAction { Href = $"{baseUrl}/lfs/complete?{Signed("complete", options.UploadUrlLifetime)}", Header = header } },
                };
            }

            if (upload && !available)
            {
                return new LfsBatchObject
                {
                    Oid = oid, Size = size, Authenticated = true,
                    Actions = new LfsActions
                    {
                        Upload = new LfsAction { Href = $"{baseUrl}/lfs/upload?{Signed("upload", options.UploadUrlLifetime)}" },
                        Verify = new LfsAction { Href = $"{baseUrl}/{type.UrlPrefix()}{repo.Namespace}/{repo.Name}.git/info/lfs/objects/verify" },
                    },
                };
            }

            if (!upload)
            {
                return available
                    ? new LfsBatchObject { Oid = oid, Size = size, Actions = new LfsActions { Download = new LfsAction { Href = $"{baseUrl}/lfs/download?{Signed("download", options.DownloadUrlLifetime)}" } } }
                    : new LfsBatchObject { Oid = oid, Size = size, Error = new LfsObjectError(404, "Object does not exist.") };
            }

            return new LfsBatchObject { Oid = oid, Size = size };
        }
    }

    /// <summary>
    /// <c>PUT /lfs/upload?repo&amp;user&amp;oid&amp;size&amp;exp&amp;sig</c>: the raw bytes of one object, which then belongs to
    /// the repository the URL was made for. Bytes the store already holds (for another repository) are hashed, not stored
    /// again: sending them is what proves the uploader has them.
    /// </summary>
    public static async Task UploadAsync(HttpContext context)
    {
        var signed = context.RequestServices.GetRequiredService<UrlSigner>().Verify("upload", context.Request.Query)
            ?? throw new HubProblemException(403, "This upload URL is not signed by this server, was altered, or has expired.");
        var blobs = context.RequestServices.GetRequiredService<IBlobStore>();

        // Kestrel's own request size limit would cut large objects short.
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize = null;
        try
        {
            if (blobs.SizeOf(signed.Oid) == signed.Size)
            {
                await CheckContentAsync(context.Request.Body, signed, context.RequestAborted);
            }
            else
            {
                await blobs.WriteAsync(context.Request.Body, signed.Oid, signed.Size, signed.Size, context.RequestAborted);
            }
        }
        catch (BlobMismatchException e)
        {
            throw new HubProblemException(400, e.Message);
        }

        await context.RequestServices.GetRequiredService<LfsObjects>().RecordUploadAsync(signed.RepositoryId, signed.Oid, signed.Size, signed.UserId, context.RequestAborted);
        context.Response.StatusCode = 200;
    }

    // Hashes an upload without keeping it, for bytes already stored.
    private static async Task CheckContentAsync(Stream content, SignedObject signed, CancellationToken ct)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(256 * 1024);
        long total = 0;
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer, ct)) > 0)
            {
                total += read;
                if (total > signed.Size)
                {
                    throw new BlobMismatchException($"The upload is larger than the announced {signed.Size} bytes.");
                }

                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        if (total != signed.Size || Convert.ToHexStringLower(hash.GetHashAndReset()) != signed.Oid)
        {
            throw new BlobMismatchException($"The upload does not hash to {signed.Oid} with {signed.Size} bytes.");
        }
    }

    /// <summary><c>PUT /lfs/part?…&amp;part=N</c>: one part of a multipart upload; answers its ETag.</summary>
    public static async Task PartAsync(HttpContext context)
    {
        var q = context.Request.Query;
        var part = int.TryParse(q["part"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 0;
        var signed = (part == 0 ? null : context.RequestServices.GetRequiredService<UrlSigner>().Verify("part" + part.ToString(CultureInfo.InvariantCulture), q))
            ?? throw new HubProblemException(403, "This part URL is not signed by this server, was altered, or has expired.");
        var options = context.RequestServices.GetRequiredService<IOptions<MirrorOptions>>().Value;
        var expected = Math.Min(options.MultipartChunkBytes, signed.Size - ((part - 1) * options.MultipartChunkBytes));
        if (expected <= 0)
        {
            throw new HubProblemException(400, $"Part {part} is beyond the object's size.");
        }

        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize = null;
        var parts = context.RequestServices.GetRequiredService<MultipartStore>();
        var etag = await parts.WriteAsync(signed.Oid, signed.Size, part, (part - 1) * options.MultipartChunkBytes, context.Request.Body, expected, context.RequestAborted);
        context.Response.Headers.ETag = "\"" + etag + "\"";
        context.Response.StatusCode = 200;
    }

    /// <summary><c>POST /lfs/complete?…</c> with <c>{"oid","parts":[{"partNumber","etag"}]}</c>: joins the parts into the object.</summary>
    public static async Task CompleteAsync(HttpContext context)
    {
        var signed = context.RequestServices.GetRequiredService<UrlSigner>().Verify("complete", context.Request.Query)
            ?? throw new HubProblemException(403, "This completion URL is not signed by this server, was altered, or has expired.");
        using var doc = await WriteEndpoints.ReadJsonAsync(context, context.RequestAborted);
        if (!doc.RootElement.TryGetProperty("parts", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new HubProblemException(400, "The completion needs 'parts'.");
        }

        var parts = list.EnumerateArray()
            .Select(e => (Number: WriteEndpoints.Int64(e, "partNumber") is { } n and >= 0 and <= int.MaxValue ? (int)n : 0, ETag: WriteEndpoints.Str(e, "etag")?.Trim('"') ?? string.Empty))
            .OrderBy(p => p.Number)
            .ToList();
        var store = context.RequestServices.GetRequiredService<MultipartStore>();
        var chunk = context.RequestServices.GetRequiredService<IOptions<MirrorOptions>>().Value.MultipartChunkBytes;
        try
        {
            await store.CompleteAsync(signed.Oid, signed.Size, (int)((signed.Size + chunk - 1) / chunk), parts, context.RequestAborted);
        }
        catch (BlobMismatchException e)
        {
            throw new HubProblemException(400, e.Message);
        }

        await context.RequestServices.GetRequiredService<LfsObjects>().RecordUploadAsync(signed.RepositoryId, signed.Oid, signed.Size, signed.UserId, context.RequestAborted);
        context.Response.StatusCode = 200;
    }

    /// <summary>
    /// <c>GET /lfs/download?…</c>: a signed download of one object, while the repository it was signed for still owns it
    /// (a deleted repository's links stop working with it).
    /// </summary>
    public static async Task DownloadAsync(HttpContext context)
    {
        var signed = context.RequestServices.GetRequiredService<UrlSigner>().Verify("download", context.Request.Query)
            ?? throw new HubProblemException(403, "This download URL is not signed by this server, was altered, or has expired.");
        var owned = await context.RequestServices.GetRequiredService<LfsObjects>().OwnedAsync(signed.RepositoryId, [signed.Oid], context.RequestAborted);
        var blobs = context.RequestServices.GetRequiredService<IBlobStore>();

        // Whoever the link was signed for was allowed a pending upload too.
        if (!Holds(owned, blobs, signed.Oid, signed.Size, mayWrite: true))
        {
            throw new HubProblemException(404, "Object does not exist.");
        }

        await Results.File(blobs.PathOf(signed.Oid), "application/octet-stream", fileDownloadName: signed.Oid, enableRangeProcessing: true).ExecuteAsync(context);
    }

    /// <summary><c>POST {repo}.git/info/lfs/objects/verify</c>: confirms the repository holds an object with its size.</summary>
    public static async Task VerifyAsync(HttpContext context, RepoType type, RepoId id)
    {
        var ct = context.RequestAborted;
        var repo = await context.WritableRepoAsync(type, id, ct);
        using var doc = await WriteEndpoints.ReadJsonAsync(context, ct);
        var oid = WriteEndpoints.Str(doc.RootElement, "oid") ?? string.Empty;
        var size = WriteEndpoints.Int64(doc.RootElement, "size") ?? -1;
        var owned = Sha256Hash.IsSha256(oid)
            && Holds(await context.RequestServices.GetRequiredService<LfsObjects>().OwnedAsync(repo.Id, [oid], ct), context.RequestServices.GetRequiredService<IBlobStore>(), oid.ToLowerInvariant(), size, mayWrite: true);
        if (!owned)
        {
            throw new HubProblemException(404, $"Object {oid} of {size} bytes is not stored.");
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = LfsJson;
        await context.Response.WriteAsync("{}", ct);
    }

    // Whether a repository can hand out an object of this size: it owns it (a pending upload only to its writers) and the
    // bytes are stored. The owned rows are keyed by the lower-cased sha256.
    private static bool Holds(Dictionary<string, RepoObjectEntity> owned, IBlobStore blobs, string oid, long size, bool mayWrite) =>
        owned.TryGetValue(oid, out var own) && own.Size == size && (own.UploaderId is null || mayWrite) && blobs.SizeOf(oid) == size;
}
