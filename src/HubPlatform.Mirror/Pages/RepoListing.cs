using System.Globalization;
using System.Text.Json;
using HubPlatform.Hub;
using HubPlatform.Hub.Validation;
using HubPlatform.Storage;
using HubPlatform.Validation;
using Microsoft.EntityFrameworkCore;

namespace HubPlatform.Mirror.Pages;

/// <summary>
/// One page of <c>/models</c> or <c>/datasets</c>: the repositories the caller may read that match the search box and
/// filters, in the chosen order, with what validation found at the head of each one's default branch.
/// </summary>
public sealed record RepoListing(RepoType Type, ListingQuery Query, IReadOnlyList<RepoRow> Rows, int Total)
{
    /// <summary>Rows a page shows.</summary>
    public const int PageSize = 30;

    /// <summary>Runs a query under the caller's access (anonymous callers see public repositories only).</summary>
    public static async Task<RepoListing> LoadAsync(HttpContext context, RepoType type, ListingQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(query);
        var db = context.RequestServices.GetRequiredService<HubDbContext>();
        var repos = context.RequestServices.GetRequiredService<RepositoryService>();
        var typeName = type.SingularName();
        var visible = context.Caller()?.ReadableNamespaces ?? [];
        var rows = db.Repositories.AsNoTracking().Where(r => r.Type == typeName && (!r.Private || visible.Contains(r.NamespaceLower)));
        if (query.Search is { Length: > 0 } search)
        {
            var term = search.ToLowerInvariant();
            rows = rows.Where(r => (r.NamespaceLower + "/" + r.NameLower).Contains(term));
        }

        if (query.Task is { Length: > 0 } task)
        {
            rows = rows.Where(r => r.PipelineTag == task || (" " + r.Tags + " ").Contains(" task_categories:" + task + " "));
        }

        foreach (var (prefix, value) in new[] { (string.Empty, query.Library), ("license:", query.License), ("language:", query.Language), (string.Empty, query.Tag) })
        {
            if (value is { Length: > 0 })
            {
                var word = " " + prefix + value + " ";
                rows = rows.Where(r => (" " + r.Tags + " ").Contains(word) || (prefix.Length == 0 && r.LibraryName == value));
            }
        }

        var head = RepositoryService.HeadsPrefix + RepositoryService.DefaultBranch;
        if (type == RepoType.Model && query.Verified is { } verified)
        {
            var ids = ValidationRows.AtDefaultHeads(db).Where(v => v.Verified).Select(v => v.RepositoryId);
            rows = verified ? rows.Where(r => ids.Contains(r.Id)) : rows.Where(r => !ids.Contains(r.Id));
        }

        var total = await rows.CountAsync(cancellationToken);
        rows = query.Sort switch
        {
            "likes" => rows.OrderByDescending(r => r.Likes).ThenBy(r => r.Id),
            "lastModified" => rows.OrderByDescending(r => r.LastModified).ThenBy(r => r.Id),
            "createdAt" => rows.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id),
            _ => rows.OrderByDescending(r => r.Downloads).ThenBy(r => r.Id),
        };
        var page = await rows.Skip(query.Page * PageSize).Take(PageSize).ToListAsync(cancellationToken);

        // What validation found at each row's head: one query for the page, not one per row.
        var pageIds = page.Select(r => r.Id).ToList();
        var heads = await db.Refs.AsNoTracking().Where(f => f.Name == head && pageIds.Contains(f.RepositoryId)).ToDictionaryAsync(f => f.RepositoryId, f => f.CommitId, cancellationToken);
        var summaries = type != RepoType.Model ? [] : await ValidationRows.AtDefaultHeads(db).Where(v => pageIds.Contains(v.RepositoryId)).Select(v => new { v.RepositoryId, v.Summary })
            .ToDictionaryAsync(v => v.RepositoryId, v => v.Summary, cancellationToken);
        var failed = type != RepoType.Model ? [] : await db.Jobs.AsNoTracking()
            .Where(j => j.Kind == ModelValidationJob.JobKind && j.Status == JobQueue.Failed && pageIds.Contains(j.RepositoryId))
            .Select(j => new { j.RepositoryId, j.CommitId }).ToListAsync(cancellationToken);

        var result = new List<RepoRow>(page.Count);
        foreach (var repo in page)
        {
            var commit = heads.GetValueOrDefault(repo.Id);
            ModelValidationSummary? summary = null;
            if (type == RepoType.Model && commit is not null)
            {
                summary = summaries.GetValueOrDefault(repo.Id) is { } json ? JsonSerializer.Deserialize(json, ValidationJsonContext.Default.ModelValidationSummary)
                    : failed.Any(f => f.RepositoryId == repo.Id && f.CommitId == commit) ? new ModelValidationSummary { Status = "failed" }
                    : new ModelValidationSummary { Status = "pending" };
            }

            var size = commit is null ? 0 : (await repos.RootNodeAsync(repo, commit, cancellationToken)).TotalSize;
            result.Add(new RepoRow($"{repo.Namespace}/{repo.Name}", repo.PipelineTag, repo.LibraryName, repo.Private, repo.LastModified, repo.Downloads, repo.Likes, size, summary));
        }

        return new RepoListing(type, query, result, total);
    }
}
