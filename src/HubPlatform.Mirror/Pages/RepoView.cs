using HubPlatform.Cards;
using HubPlatform.Hub;
using HubPlatform.Hub.Validation;
using HubPlatform.Storage;
using HubPlatform.Validation;

namespace HubPlatform.Mirror.Pages;

/// <summary>What a repository's page shows: its card rendered, the card's metadata, and what validation found.</summary>
public sealed record RepoView(
    RepoType Type,
    string Id,
    string Commit,
    bool Private,
    DateTimeOffset LastModified,
    long FileCount,
    long SizeBytes,
    string? CardHtml,
    IReadOnlyList<(string Label, IReadOnlyList<(string Text, string? Href)> Values)> Metadata,
    ModelValidationSummary? Validation)
{
    /// <summary>The page's path: <c>/acme/model</c> or <c>/datasets/acme/data</c>.</summary>
    public string Path => (Type == RepoType.Dataset ? "/datasets/" : "/") + Id;

    /// <summary>Loads the head of the default branch under the caller's access; a hidden repository throws as a missing one does.</summary>
    public static async Task<RepoView> LoadAsync(HttpContext context, RepoType type, RepoId id, CardRenderer renderer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(renderer);
        var repo = await context.ReadableRepoAsync(type, id, cancellationToken);
        var repos = context.RequestServices.GetRequiredService<RepositoryService>();
        var commit = await context.ResolveRevisionAsync(repo, RepositoryService.DefaultBranch, cancellationToken);
        var root = await repos.RootNodeAsync(repo, commit, cancellationToken);
        var path = (type == RepoType.Dataset ? "/datasets/" : "/") + $"{repo.Namespace}/{repo.Name}";
        string? html = null;
        var metadata = new List<(string, IReadOnlyList<(string, string?)>)>();
        if (await RepoCard.ReadAsync(context, repo, commit, cancellationToken) is { } card)
        {
            html = renderer.Render(card.Body, path, RepositoryService.DefaultBranch);
            metadata = await MetadataAsync(context, card, type, cancellationToken);
        }

        ModelValidationSummary? validation = null;
        if (type == RepoType.Model)
        {
            validation = await ValidationRows.SummaryAsync(context, repo.Id, commit, cancellationToken);
        }

        return new RepoView(type, $"{repo.Namespace}/{repo.Name}", commit, repo.Private, repo.LastModified, root.FileCount, root.TotalSize, html, metadata, validation);
    }

    // The side panel: license, task, languages, and base models and datasets, linked when this mirror shows them to the caller.
    private static async Task<List<(string, IReadOnlyList<(string, string?)>)>> MetadataAsync(HttpContext context, Card card, RepoType type, CancellationToken cancellationToken)
    {
        var panel = new List<(string, IReadOnlyList<(string, string?)>)>();
        var data = card.ModelData;
        void Add(string label, IEnumerable<string> values)
        {
            var list = values.Where(v => v.Length > 0).Select(v => (v, (string?)null)).ToList();
            if (list.Count > 0)
            {
                panel.Add((label, list));
            }
        }

        Add("License", data.License is { } license ? [license == "other" && data.LicenseName is { } name ? name : license] : []);
        if (type == RepoType.Model)
        {
            Add("Task", data.PipelineTag is { } task ? [task] : []);
            Add("Library", data.LibraryName is { } library ? [library] : []);
        }
        else
        {
            Add("Tasks", card.DatasetData.TaskCategories);
        }

        Add("Languages", data.Language);
        if (type == RepoType.Model)
        {
            panel.Add(("Base model", await LinksAsync(context, RepoType.Model, data.BaseModel, cancellationToken)));
            panel.Add(("Datasets", await LinksAsync(context, RepoType.Dataset, data.Datasets, cancellationToken)));
            panel.RemoveAll(p => p.Item2.Count == 0);
        }

        return panel;
    }

    private static async Task<IReadOnlyList<(string, string?)>> LinksAsync(HttpContext context, RepoType type, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var repos = context.RequestServices.GetRequiredService<RepositoryService>();
        var caller = context.Caller();
        var links = new List<(string, string?)>();
        foreach (var text in ids.Take(20))
        {
            string? href = null;
            if (RepoId.TryParse(text, out var id) && await repos.FindAsync(type, id, cancellationToken) is { } found && (!found.Private || caller?.CanRead(found.Namespace) == true))
            {
                href = (type == RepoType.Dataset ? "/datasets/" : "/") + $"{found.Namespace}/{found.Name}";
            }

            links.Add((text, href));
        }

        return links;
    }
}
