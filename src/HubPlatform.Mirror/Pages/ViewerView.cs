using HubPlatform.Datasets;
using HubPlatform.Hub;
using HubPlatform.Hub.Viewer;
using HubPlatform.Storage;

namespace HubPlatform.Mirror.Pages;

/// <summary>
/// The dataset viewer page's data: the dataset's configs and splits, a page of one split's rows (or of those a search or a
/// filter finds) and its column statistics, read through the same <see cref="DatasetViewer"/> as the viewer API. A dataset
/// not indexed yet, a filter that does not parse or a gate not passed is a message, not an error page.
/// </summary>
public sealed record ViewerView(
    string Id,
    IReadOnlyList<ViewerSplit> Splits,
    string? Config,
    string? Split,
    string? Search,
    string? Where,
    int Page,
    RowsResponse? Rows,
    StatisticsResponse? Statistics,
    string? Message)
{
    /// <summary>Rows a page shows.</summary>
    public const int PageSize = 50;

    /// <summary>The viewer page's path for a split.</summary>
    public string PathOf(string config, string split) => $"/datasets/{Id}/viewer/{Uri.EscapeDataString(config)}/{Uri.EscapeDataString(split)}";

    /// <summary>Loads a split's page under the caller's access (and the dataset's gate).</summary>
    public static async Task<ViewerView> LoadAsync(HttpContext context, RepoId id, string? config, string? split, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var repo = await context.ReadableRepoAsync(RepoType.Dataset, id, cancellationToken);
        var name = $"{repo.Namespace}/{repo.Name}";
        var query = context.Request.Query;
        string? Text(string key) => query[key].FirstOrDefault() is { Length: > 0 and <= 1000 } v ? v : null;
        var search = Text("q");
        var where = Text("where");
        var page = int.TryParse(Text("p"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) ? Math.Clamp(p, 0, 10_000_000) : 0;
        try
        {
            await context.RequireGatePassAsync(repo, cancellationToken);
        }
        catch (HubProblemException e) when (e.ErrorCode == "GatedRepo")
        {
            return new ViewerView(name, [], config, split, search, where, page, null, null, "This dataset is gated: its rows are shown to those granted access.");
        }

        var viewer = context.RequestServices.GetRequiredService<DatasetViewer>();
        var commit = await context.RequestServices.GetRequiredService<RepositoryService>().ResolveAsync(repo, RepositoryService.DefaultBranch, cancellationToken);
        if (commit is null)
        {
            return new ViewerView(name, [], config, split, search, where, page, null, null, "This dataset has no commit yet.");
        }

        IReadOnlyList<ViewerSplit> splits = [];
        try
        {
            var snapshot = await viewer.SnapshotAsync(repo, commit, cancellationToken);
            splits = DatasetViewer.Splits(name, snapshot, null).Splits;
            var chosen = splits.FirstOrDefault(s => s.Config == config && s.Split == split) ?? (config is null && split is null ? splits.FirstOrDefault() : null);
            if (chosen is null)
            {
                return new ViewerView(name, splits, config, split, search, where, page, null, null,
                    splits.Count == 0 ? "The viewer found no data files in this dataset." : "This dataset has no such config and split.");
            }

            var offset = (long)page * PageSize;
            var rows = search is not null ? await viewer.SearchAsync(repo, commit, snapshot, chosen.Config, chosen.Split, search, offset, PageSize, cancellationToken)
                : where is not null ? await viewer.FilterAsync(DatasetViewer.Split(snapshot, chosen.Config, chosen.Split), where, null, offset, PageSize, cancellationToken)
                : await viewer.RowsAsync(DatasetViewer.Split(snapshot, chosen.Config, chosen.Split), offset, PageSize, cancellationToken, name);
            StatisticsResponse? statistics = null;
            string? message = null;
            try
            {
                statistics = await viewer.StatisticsAsync(repo, commit, snapshot, chosen.Config, chosen.Split, cancellationToken);
            }
            catch (ViewerException e)
            {
                message = "Column statistics: " + e.Message;
            }

            return new ViewerView(name, splits, chosen.Config, chosen.Split, search, where, page, rows, statistics, message);
        }
        catch (ViewerException e)
        {
            return new ViewerView(name, splits, config, split, search, where, page, null, null, e.Message);
        }
    }
}
