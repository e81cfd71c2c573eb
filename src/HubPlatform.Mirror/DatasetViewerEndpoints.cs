using System.Globalization;
using System.Text.Json;
using HubPlatform.Datasets;
using HubPlatform.Hub;
using HubPlatform.Hub.Viewer;
using HubPlatform.Storage;
using HubPlatform.Storage.Entities;
using Microsoft.Extensions.Options;

namespace HubPlatform.Mirror;

/// <summary>
/// The dataset viewer API (<c>/is-valid</c>, <c>/splits</c>, <c>/info</c>, <c>/size</c>, <c>/parquet</c>,
/// <c>/first-rows</c>, <c>/rows</c>, <c>/search</c>, <c>/filter</c>, <c>/statistics</c>, and the signed <c>/assets</c> of
/// image and audio cells) under <see cref="MirrorOptions.DatasetViewerPath"/>, in the Hub viewer's shapes and
/// error codes. It serves the default branch's head once the indexing job has run; until then it answers
/// <c>ResponseNotReady</c>. Missing, private and gated datasets answer alike.
/// </summary>
internal static class DatasetViewerEndpoints
{
    private static readonly string[] Routes = ["is-valid", "splits", "info", "size", "parquet", "first-rows", "rows", "filter", "statistics", "search", DatasetAssets.Route];

    /// <summary>
    /// The viewer route a path names, or null. Every request is asked, so a path whose last segment names no route is
    /// answered before the options are looked at.
    /// </summary>
    public static string? Route(HttpContext context, string[] segments)
    {
        if (segments.Length == 0 || !Routes.Contains(segments[^1]))
        {
            return null;
        }

        var prefix = PathSegments(context);
        return segments.Length == prefix.Length + 1 && segments.AsSpan(0, prefix.Length).SequenceEqual(prefix) ? segments[^1] : null;
    }

    /// <summary>The segments of <see cref="MirrorOptions.DatasetViewerPath"/>.</summary>
    public static string[] PathSegments(HttpContext context) =>
        (context.RequestServices.GetRequiredService<IOptions<MirrorOptions>>().Value.DatasetViewerPath ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);

    public static async Task HandleAsync(HttpContext context, string route)
    {
        var ct = context.RequestAborted;
        try
        {
            if (route == DatasetAssets.Route)
            {
                await DatasetAssets.ServeAsync(context);
                return;
            }

            var (repo, dataset) = await DatasetAsync(context, ct);
            var viewer = context.RequestServices.GetRequiredService<DatasetViewer>();
            var commit = await context.RequestServices.GetRequiredService<RepositoryService>().ResolveAsync(repo, RepositoryService.DefaultBranch, ct)
                ?? throw new ViewerException(404, ViewerErrorCodes.ResponseNotFound, "The dataset has no commit yet.");
            var snapshot = await viewer.SnapshotAsync(repo, commit, ct);
            var config = Optional(context, "config");
            context.Response.Headers.CacheControl = repo.Private || repo.Gated is not "false" ? "private, max-age=120" : "max-age=120";
            switch (route)
            {
                case "is-valid":
                    await context.WriteAsync(DatasetViewer.IsValid(snapshot, config, config is null ? null : Optional(context, "split")), ViewerJsonContext.Default.IsValidResponse);
                    break;
                case "splits":
                    await context.WriteAsync(DatasetViewer.Splits(dataset, snapshot, config), ViewerJsonContext.Default.SplitsResponse);
                    break;
                case "info" when config is null:
                    await context.WriteAsync(DatasetViewer.DatasetInfo(dataset, snapshot), ViewerJsonContext.Default.DatasetInfoResponse);
                    break;
                case "info":
                    await context.WriteAsync(DatasetViewer.ConfigInfo(dataset, snapshot, config), ViewerJsonContext.Default.ConfigInfoResponse);
                    break;
                case "size":
                    await context.WriteAsync(DatasetViewer.Size(dataset, snapshot, config), ViewerJsonContext.Default.SizeResponse);
                    break;
                case "parquet":
                    var baseUrl = context.BaseUrl();
                    await context.WriteAsync(DatasetViewer.ParquetFiles(dataset, snapshot, config, f => $"{baseUrl}/datasets/{dataset}/resolve/{f.Revision ?? commit}/{RepoFilePath.EscapeSegments(f.Path)}"),
                        ViewerJsonContext.Default.ParquetFilesResponse);
                    break;
                case "first-rows":
                    var first = await viewer.FirstRowsAsync(dataset, snapshot, Required(context, "config"), Required(context, "split"), ct);
                    DatasetAssets.Link(context, repo.Id, commit, snapshot, first.Config, first.Split, first.Features, first.Rows);
                    await context.WriteAsync(first, ViewerJsonContext.Default.FirstRowsResponse);
                    break;
                case "search":
                    var searched = (Config: Required(context, "config"), Split: Required(context, "split"));
                    var (start, size) = Page(context);
                    await WriteRowsAsync(context, repo.Id, commit, snapshot, searched.Config, searched.Split,
                        await viewer.SearchAsync(repo, commit, snapshot, searched.Config, searched.Split, Required(context, "query"), start, size, ct));
                    break;
                case "statistics":
                    await context.WriteAsync(await viewer.StatisticsAsync(repo, commit, snapshot, Required(context, "config"), Required(context, "split"), ct), ViewerJsonContext.Default.StatisticsResponse);
                    break;
                case "filter":
                    var filtered = (Config: Required(context, "config"), Split: Required(context, "split"));
                    var (from, count) = Page(context);
                    await WriteRowsAsync(context, repo.Id, commit, snapshot, filtered.Config, filtered.Split,
                        await viewer.FilterAsync(DatasetViewer.Split(snapshot, filtered.Config, filtered.Split), Required(context, "where"), Optional(context, "orderby"), from, count, ct));
                    break;
                default:
                    var paged = (Config: Required(context, "config"), Split: Required(context, "split"));
                    var (offset, length) = Page(context);
                    await WriteRowsAsync(context, repo.Id, commit, snapshot, paged.Config, paged.Split,
                        await viewer.RowsAsync(DatasetViewer.Split(snapshot, paged.Config, paged.Split), offset, length, ct, dataset));
                    break;
            }
        }
        catch (ViewerException e) when (!context.Response.HasStarted)
        {
            await WriteErrorAsync(context, e);
        }
    }

    private static Task WriteRowsAsync(HttpContext context, long repositoryId, string commit, DatasetSnapshot snapshot, string config, string split, RowsResponse page)
    {
        DatasetAssets.Link(context, repositoryId, commit, snapshot, config, split, page.Features, page.Rows);
        return context.WriteAsync(page, ViewerJsonContext.Default.RowsResponse);
    }

    // The dataset named by the query, if the caller may read its data: missing, private and gated datasets answer alike.
    private static async Task<(RepositoryEntity Repo, string Dataset)> DatasetAsync(HttpContext context, CancellationToken ct)
    {
        var name = Required(context, "dataset");
        var anonymous = context.Caller() is null;
        var hidden = anonymous
            ? new ViewerException(401, ViewerErrorCodes.ExternalUnauthenticated, "The dataset does not exist, or is not accessible without authentication (private or gated). Please check the spelling of the dataset name or retry with authentication.")
            : new ViewerException(404, ViewerErrorCodes.ExternalAuthenticated, "The dataset does not exist, or is not accessible with the current credentials (private or gated). Please check the spelling of the dataset name or retry with other authentication credentials.");
        if (!RepoId.TryParse(name, out var id))
        {
            throw hidden;
        }

        for (var hops = 0; ; hops++)
        {
            try
            {
                var repo = await context.ReadableRepoAsync(RepoType.Dataset, id, ct);
                await context.RequireGatePassAsync(repo, ct);
                return (repo, $"{repo.Namespace}/{repo.Name}");
            }
            catch (HubProblemException e) when (e.MovedTo is { } moved && hops == 0 && RepoId.TryParse(moved.To, out var to))
            {
                id = to;
            }
            catch (HubProblemException e) when (e.Status is 401 or 403 or 404 or 307)
            {
                throw hidden;
            }
        }
    }

    private static (long Offset, int Length) Page(HttpContext context)
    {
        var offset = 0L;
        if (Optional(context, "offset") is { } o && (!long.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset < 0))
        {
            throw new ViewerException(422, ViewerErrorCodes.InvalidParameter, "Parameter 'offset' must be positive");
        }

        var length = DatasetViewer.MaxPageLength;
        if (Optional(context, "length") is { } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out length) || length < 0))
        {
            throw new ViewerException(422, ViewerErrorCodes.InvalidParameter, "Parameter 'length' must be positive");
        }

        return length > DatasetViewer.MaxPageLength
            ? throw new ViewerException(422, ViewerErrorCodes.InvalidParameter, $"Parameter 'length' must not be greater than {DatasetViewer.MaxPageLength}")
            : (offset, length);
    }

    private static string? Optional(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    private static string Required(HttpContext context, string name) =>
        Optional(context, name) ?? throw new ViewerException(422, ViewerErrorCodes.MissingRequiredParameter, $"Parameter '{name}' is required");

    private static async Task WriteErrorAsync(HttpContext context, ViewerException e)
    {
        context.Response.Headers["X-Error-Code"] = e.ErrorCode;
        context.Response.Headers.CacheControl = "no-store";
        if (e.ErrorCode == ViewerErrorCodes.ResponseNotReady)
        {
            context.Response.Headers.RetryAfter = "5";
        }

        await context.WriteAsync(new ViewerError { Error = e.Message, CauseException = e.CauseException, CauseMessage = e.CauseMessage }, ViewerJsonContext.Default.ViewerError, status: e.Status);
    }
}
