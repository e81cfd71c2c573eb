using HubPlatform.Hub;
using HubPlatform.Storage;
using Microsoft.Net.Http.Headers;

namespace HubPlatform.Mirror;

/// <summary>
/// <c>GET|HEAD /{prefix}{repo}/resolve/{rev}/{path}</c>: the file inline with the headers <c>huggingface_hub</c> reads
/// (<c>X-Repo-Commit</c>, <c>ETag</c>, <c>X-Linked-Etag</c>, <c>X-Linked-Size</c>), single ranges, and <c>If-None-Match</c>.
/// <c>/raw/</c> answers the git blob instead: the pointer text of LFS files.
/// </summary>
internal static class ResolveEndpoint
{
    public static async Task HandleAsync(HttpContext context, RepoType type, RepoId id, string revision, string path, bool raw)
    {
        var ct = context.RequestAborted;
        var repo = await context.ReadableRepoAsync(type, id, ct);
        await context.RequireGatePassAsync(repo, ct);
        var repos = context.RequestServices.GetRequiredService<RepositoryService>();
        var commit = await context.ResolveRevisionAsync(repo, revision, ct);
        context.Response.Headers["X-Repo-Commit"] = commit;
        var file = await repos.FileAsync(repo, commit, path, ct)
                   ?? throw new HubProblemException(404, $"{path} does not exist on \"{revision}\"", "EntryNotFound");

        if (raw && file.Lfs)
        {
            var pointer = new LfsPointer(file.Sha256, file.Size).ToBytes();
            await Results.Bytes(pointer, "text/plain; charset=utf-8", entityTag: new EntityTagHeaderValue($"\"{file.BlobId}\""), enableRangeProcessing: true).ExecuteAsync(context);
            return;
        }

        var etag = file.Lfs ? file.Sha256 : file.BlobId;
        if (file.Lfs)
        {
            context.Response.Headers["X-Linked-Etag"] = $"\"{file.Sha256}\"";
            context.Response.Headers["X-Linked-Size"] = file.Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var name = Path.GetFileName(path);
        var disposition = HubHttp.IsTrue(context.Request.Query["download"].FirstOrDefault()) || IsDocument(path) ? "attachment" : "inline";
        context.Response.Headers[HeaderNames.ContentDisposition] = $"{disposition}; filename*=UTF-8''{Uri.EscapeDataString(name)}; filename=\"{AsciiName(name)}\";";

        // Count whole downloads, not resumed pieces or probes.
        if (HttpMethods.IsGet(context.Request.Method) && !context.Request.Headers.ContainsKey(HeaderNames.Range))
        {
            context.RequestServices.GetRequiredService<DownloadCounter>().Add(repo.Id);
        }

        var blobs = context.RequestServices.GetRequiredService<IBlobStore>();
        var pull = context.RequestServices.GetRequiredService<PullThrough>();
        var isHead = HttpMethods.IsHead(context.Request.Method);
        var plain = !context.Request.Headers.ContainsKey(HeaderNames.Range) && !context.Request.Headers.ContainsKey(HeaderNames.IfNoneMatch)
                    && !context.Request.Headers.ContainsKey(HeaderNames.IfMatch) && !context.Request.Headers.ContainsKey(HeaderNames.IfModifiedSince);

        // Opened before any header is set, so that a missing blob can still be answered with an error (or fetched). A HEAD
        // only needs to know whether the bytes are here.
        var small = plain && !isHead ? await context.RequestServices.GetRequiredService<SmallFileCache>().GetAsync(file.Sha256, file.Size, ct) : null;
        var local = isHead || small is not null ? null : TryOpen(blobs, file.Sha256);
        var present = isHead ? blobs.Exists(file.Sha256) : small is not null || local is not null;
        Stream? fromUpstream = null;
        (InFlightBlob Flight, FileStream Bytes)? joined = null;
        if (!present && !isHead)
        {
            if (!repo.FromUpstream)
            {
                throw new HubProblemException(500, $"The bytes of '{path}' are missing from the blob store; run `hub fsck`.");
            }

            if (plain && pull.TryJoin(file.Sha256) is { } flight)
            {
                joined = flight;
            }
            else if (plain)
            {
                fromUpstream = await pull.OpenAsync(repo, commit, file, ct);
            }
            else
            {
                await pull.FillAsync(context.RequestServices, repo, commit, file, ct);
            }
        }
        else if (repo.FromUpstream && !isHead)
        {
            await context.RequestServices.GetRequiredService<PulledBlobCache>().TouchAsync(file.Sha256, ct);
        }

        if (plain || (isHead && !present))
        {
            // The common case, a whole file: copied with large buffers, which serves loopback clients markedly faster
            // than the generic file result's small ones.
            context.Response.StatusCode = 200;
            context.Response.ContentType = ContentType(path);
            context.Response.ContentLength = file.Size;
            context.Response.Headers.ETag = $"\"{etag}\"";
            context.Response.Headers.AcceptRanges = "bytes";
            if (fromUpstream is not null)
            {
                await pull.CopyAsync(context, fromUpstream, file);
                return;
            }

            if (joined is { } follow)
            {
                await pull.FollowAsync(context, follow.Flight, follow.Bytes, file.Size);
                return;
            }

            if (small is not null)
            {
                await context.Response.Body.WriteAsync(small, ct);
                return;
            }

            if (local is null)
            {
                return;
            }

            await using (local)
            {
                var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
                try
                {
                    int read;
                    while ((read = await local.ReadAsync(buffer.AsMemory(0, 1 << 20), ct)) > 0)
                    {
                        await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), ct);
                    }
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            return;
        }

        if (local is not null)
        {
            await local.DisposeAsync();
        }

        var result = Results.File(blobs.PathOf(file.Sha256), ContentType(path), fileDownloadName: null, lastModified: null,
            entityTag: new EntityTagHeaderValue($"\"{etag}\""), enableRangeProcessing: true);
        await result.ExecuteAsync(context);
    }

    // Null when the blob is absent (never fetched, or evicted by the pull-through cache a moment ago).
    private static FileStream? TryOpen(IBlobStore blobs, string sha256)
    {
        try
        {
            return new FileStream(blobs.PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => "application/json",
        ".md" or ".txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };

    // Files a browser would render as a page with script: always downloaded, never shown on the mirror's origin.
    private static bool IsDocument(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".html" or ".htm" or ".xhtml" or ".xht" or ".svg" or ".svgz" or ".xml" or ".xsl" or ".mht" or ".mhtml" or ".shtml";

    private static string AsciiName(string name) => new(name.Select(c => c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '_').ToArray());
}
