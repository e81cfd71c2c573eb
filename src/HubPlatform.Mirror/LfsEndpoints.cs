using System.Globalization;
using System.Text.Json;
using HubPlatform.Hub;
using HubPlatform.Hub.Api;
using HubPlatform.Storage;
using Microsoft.Extensions.Options;

namespace HubPlatform.Mirror;

/// <summary>
/// The git LFS batch API with the basic transfer: upload URLs carry an HMAC signature and an expiry (clients send no token
/// to them); the uploaded bytes must match the announced sha256 and size or nothing is stored.
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
        var repo = operation == "upload" ? await context.WritableRepoAsync(type, id, ct) : await context.ReadableRepoAsync(type, id, ct);
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
        var answers = new List<LfsBatchObject>();
        foreach (var o in objects.EnumerateArray())
        {
            var oid = WriteEndpoints.Str(o, "oid") ?? string.Empty;
            var size = WriteEndpoints.Int64(o, "size") ?? -1;
            answers.Add(Answer(oid, size));
        }

        await context.WriteAsync(new LfsBatchResponse { Objects = answers }, HubJsonContext.Default.LfsBatchResponse, LfsJson);

        LfsBatchObject Answer(string oid, long size)
        {
            if (!Sha256Hash.IsSha256(oid) || size < 0 || size > options.MaxLfsObjectBytes)
            {
                var message = size > options.MaxLfsObjectBytes ? $"Objects above {options.MaxLfsObjectBytes} bytes are refused." : "oid must be a sha256 and size a non-negative integer.";
                return new LfsBatchObject { Oid = oid, Size = size, Error = new LfsObjectError(422, message) };
            }

            var key = oid.ToLowerInvariant();
            var stored = blobs.SizeOf(oid);
            string Signed(string action) => signer.Sign(action, key, size, options.UploadUrlLifetime);
            if (operation == "upload" && stored != size && multipartOffered && size >= options.MultipartThresholdBytes)
            {
                // Multipart: numbered part URLs in "header", the completion URL as "href".
                var chunk = options.MultipartChunkBytes;
                var header = new Dictionary<string, JsonElement> { ["chunk_size"] = JsonSerializer.SerializeToElement(chunk.ToString(CultureInfo.InvariantCulture), HubJsonContext.Default.String) };
                for (var part = 1; part <= (int)((size + chunk - 1) / chunk); part++)
                {
                    var url = $"{baseUrl}/lfs/part?{Signed("part" + part.ToString(CultureInfo.InvariantCulture))}&part={part}";
                    header[part.ToString("D5", CultureInfo.InvariantCulture)] = JsonSerializer.SerializeToElement(url, HubJsonContext.Default.String);
                }

                return new LfsBatchObject
                {
                    Oid = oid, Size = size, Authenticated = true,
                    Actions = new LfsActions { Upload = new LfsAction { Href = $"{baseUrl}/lfs/complete?{Signed("complete")}", Header = header } },
                };
            }

            if (operation == "upload" && stored != size)
            {
                return new LfsBatchObject
                {
                    Oid = oid, Size = size, Authenticated = true,
                    Actions = new LfsActions
                    {
                        Upload = new LfsAction { Href = $"{baseUrl}/lfs/upload?{Signed("upload")}" },
                        Verify = new LfsAction { Href = $"{baseUrl}/{type.UrlPrefix()}{repo.Namespace}/{repo.Name}.git/info/lfs/objects/verify" },
                    },
                };
            }

            if (operation == "download")
            {
                return stored != size
                    ? new LfsBatchObject { Oid = oid, Size = size, Error = new LfsObjectError(404, "Object does not exist.") }
                    : new LfsBatchObject { Oid = oid, Size = size, Actions = new LfsActions { Download = new LfsAction { Href = $"{baseUrl}/lfs/download?{Signed("download")}" } } };
            }

            return new LfsBatchObject { Oid = oid, Size = size };
        }
    }

    /// <summary><c>PUT /lfs/upload?oid&amp;size&amp;exp&amp;sig</c>: the raw bytes of one object.</summary>
    public static async Task UploadAsync(HttpContext context)
    {
        var q = context.Request.Query;
        var signer = context.RequestServices.GetRequiredService<UrlSigner>();
        if (!signer.Verify("upload", q["oid"], q["size"], q["exp"], q["sig"]))
        {
            throw new HubProblemException(403, "This upload URL is not signed by this server, was altered, or has expired.");
        }

        var oid = q["oid"].ToString();
        var size = long.Parse(q["size"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
        var blobs = context.RequestServices.GetRequiredService<IBlobStore>();
        if (blobs.SizeOf(oid) != size)
        {
            // Kestrel's own request size limit would cut large objects short.
            context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize = null;
            try
            {
                await blobs.WriteAsync(context.Request.Body, oid, size, size, context.RequestAborted);
            }
            catch (BlobMismatchException e)
            {
                throw new HubProblemException(400, e.Message);
            }
        }

        context.Response.StatusCode = 200;
    }

    /// <summary><c>PUT /lfs/part?…&amp;part=N</c>: one part of a multipart upload; answers its ETag.</summary>
    public static async Task PartAsync(HttpContext context)
    {
        var q = context.Request.Query;
        var part = int.TryParse(q["part"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 0;
        if (part == 0 || !context.RequestServices.GetRequiredService<UrlSigner>().Verify("part" + part.ToString(CultureInfo.InvariantCulture), q["oid"], q["size"], q["exp"], q["sig"]))
        {
            throw new HubProblemException(403, "This part URL is not signed by this server, was altered, or has expired.");
        }

        var options = context.RequestServices.GetRequiredService<IOptions<MirrorOptions>>().Value;
        var size = long.Parse(q["size"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
        var expected = Math.Min(options.MultipartChunkBytes, size - ((part - 1) * options.MultipartChunkBytes));
        if (expected <= 0)
        {
            throw new HubProblemException(400, $"Part {part} is beyond the object's size.");
        }

        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize = null;
        var parts = context.RequestServices.GetRequiredService<MultipartStore>();
        var etag = await parts.WriteAsync(q["oid"].ToString(), size, part, (part - 1) * options.MultipartChunkBytes, context.Request.Body, expected, context.RequestAborted);
        context.Response.Headers.ETag = "\"" + etag + "\"";
        context.Response.StatusCode = 200;
    }

    /// <summary><c>POST /lfs/complete?…</c> with <c>{"oid","parts":[{"partNumber","etag"}]}</c>: joins the parts into the object.</summary>
    public static async Task CompleteAsync(HttpContext context)
    {
        var q = context.Request.Query;
        if (!context.RequestServices.GetRequiredService<UrlSigner>().Verify("complete", q["oid"], q["size"], q["exp"], q["sig"]))
        {
            throw new HubProblemException(403, "This completion URL is not signed by this server, was altered, or has expired.");
        }

        var oid = q["oid"].ToString();
        var size = long.Parse(q["size"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
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
            await store.CompleteAsync(oid, size, (int)((size + chunk - 1) / chunk), parts, context.RequestAborted);
        }
        catch (BlobMismatchException e)
        {
            throw new HubProblemException(400, e.Message);
        }

        context.Response.StatusCode = 200;
    }

    /// <summary><c>GET /lfs/download?…</c>: a signed download of one object.</summary>
    public static async Task DownloadAsync(HttpContext context)
    {
        var q = context.Request.Query;
        if (!context.RequestServices.GetRequiredService<UrlSigner>().Verify("download", q["oid"], q["size"], q["exp"], q["sig"]))
        {
            throw new HubProblemException(403, "This download URL is not signed by this server, was altered, or has expired.");
        }

        var blobs = context.RequestServices.GetRequiredService<IBlobStore>();
        await Results.File(blobs.PathOf(q["oid"].ToString()), "application/octet-stream", enableRangeProcessing: true).ExecuteAsync(context);
    }

    /// <summary><c>POST {repo}.git/info/lfs/objects/verify</c>: confirms an object is stored with its size.</summary>
    public static async Task VerifyAsync(HttpContext context, RepoType type, RepoId id)
    {
        var ct = context.RequestAborted;
        await context.WritableRepoAsync(type, id, ct);
        using var doc = await WriteEndpoints.ReadJsonAsync(context, ct);
        var oid = WriteEndpoints.Str(doc.RootElement, "oid") ?? string.Empty;
        var size = WriteEndpoints.Int64(doc.RootElement, "size") ?? -1;
        var stored = Sha256Hash.IsSha256(oid) ? context.RequestServices.GetRequiredService<IBlobStore>().SizeOf(oid) : null;
        if (stored is null || stored != size)
        {
            throw new HubProblemException(404, $"Object {oid} of {size} bytes is not stored.");
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = LfsJson;
        await context.Response.WriteAsync("{}", ct);
    }
}
