using System.Globalization;
using System.Text.Json.Nodes;
using HubPlatform.Datasets;
using HubPlatform.Hub.Viewer;
using HubPlatform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HubPlatform.Mirror;

/// <summary>
/// Image and audio cells as the viewer shows them: links to assets (<c>{"src", "height", "width"}</c>, audio as
/// <c>[{"src", "type"}]</c>) instead of inline bytes. A link is signed like an LFS download link (browsers load it without a
/// token) and names the repository, commit, configuration, split, row and column; <c>/assets</c> checks it and serves the
/// cell's bytes, as an image or audio type only when their first bytes say so.
/// </summary>
internal static class DatasetAssets
{
    public const string Route = "assets";
    private const string Purpose = "dataset-asset";

    /// <summary>Replaces the image and audio cells of a page of rows by links to their assets.</summary>
    public static void Link(HttpContext context, long repositoryId, string commit, DatasetSnapshot snapshot, string config, string split, IReadOnlyList<ViewerFeature> features, IEnumerable<ViewerRow> rows)
    {
        var media = features.Where(f => MediaCells.IsImage(f.Type) || MediaCells.IsAudio(f.Type)).ToList();
        if (media.Count == 0)
        {
            return;
        }

        var configIndex = snapshot.Configs.Select((c, i) => (c, i)).First(p => p.c.Name == config).i;
        var splitIndex = snapshot.Configs[configIndex].Splits.Select((s, i) => (s, i)).First(p => p.s.Name == split).i;
        var signer = context.RequestServices.GetRequiredService<UrlSigner>();
        var options = context.RequestServices.GetRequiredService<IOptions<MirrorOptions>>().Value;
        var baseUrl = string.Join('/', [context.BaseUrl(), .. DatasetViewerEndpoints.PathSegments(context)]);
        var user = context.Caller()?.UserId ?? 0;
        foreach (var row in rows)
        {
            foreach (var feature in media)
            {
                if (MediaCells.BytesOf(row.Row[feature.Name]) is not { } bytes)
                {
                    row.Row[feature.Name] = null;
                    continue;
                }

                var oid = string.Join('-', commit, configIndex, splitIndex, row.RowIdx, feature.FeatureIdx);
                var url = $"{baseUrl}/{Route}?{signer.Sign(Purpose, new SignedObject(repositoryId, user, oid, bytes.Length), options.DownloadUrlLifetime)}";
                var size = MediaCells.ImageSize(bytes);
                row.Row[feature.Name] = MediaCells.IsImage(feature.Type)
                    ? new JsonObject { ["src"] = url, ["height"] = size?.Height, ["width"] = size?.Width }
                    : new JsonArray(new JsonObject { ["src"] = url, ["type"] = MediaCells.ContentType(bytes) ?? "application/octet-stream" });
            }
        }
    }

    /// <summary>Serves the bytes of one image or audio cell named by a signed link.</summary>
    public static async Task ServeAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var refused = new ViewerException(403, ViewerErrorCodes.ExternalAuthenticated, "The link is invalid or has expired; ask the viewer for the rows again.");
        var grant = context.RequestServices.GetRequiredService<UrlSigner>().Verify(Purpose, context.Request.Query) ?? throw refused;
        var parts = grant.Oid.Split('-');
        if (parts.Length != 5 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var configIndex)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var splitIndex)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var rowIndex)
            || !int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var columnIndex))
        {
            throw refused;
        }

        // A deleted repository's links die with it.
        var repo = await context.RequestServices.GetRequiredService<HubDbContext>().Repositories.AsNoTracking().FirstOrDefaultAsync(r => r.Id == grant.RepositoryId, ct) ?? throw refused;
        var viewer = context.RequestServices.GetRequiredService<DatasetViewer>();
        var snapshot = await viewer.SnapshotAsync(repo, parts[0], ct);
        if (configIndex >= snapshot.Configs.Count || splitIndex >= snapshot.Configs[configIndex].Splits.Count)
        {
            throw refused;
        }

        var split = DatasetViewer.Split(snapshot, snapshot.Configs[configIndex].Name, snapshot.Configs[configIndex].Splits[splitIndex].Name);
        var features = DatasetViewer.Features(split);
        var rows = (await viewer.RowsAsync(split, rowIndex, 1, ct)).Rows;
        if (columnIndex >= features.Count || rows.Count != 1 || MediaCells.BytesOf(rows[0].Row[features[columnIndex].Name]) is not { } bytes || bytes.Length != grant.Size)
        {
            throw refused;
        }

        var type = MediaCells.ContentType(bytes);
        context.Response.ContentType = type ?? "application/octet-stream";
        if (type is null)
        {
            context.Response.Headers.ContentDisposition = "attachment";
        }

        context.Response.Headers.CacheControl = "private, max-age=300";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, ct);
    }
}
