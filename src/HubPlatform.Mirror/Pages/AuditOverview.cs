using System.Text.Json;
using HubPlatform.Hub;
using HubPlatform.Hub.Validation;
using HubPlatform.Storage;
using Microsoft.EntityFrameworkCore;

namespace HubPlatform.Mirror.Pages;

/// <summary>
/// The mirror as a whole, as far as the caller may read it: how complete cards are, which findings are most frequent, which
/// models' verified task differs from their card's, the licenses in use and the repositories without a card. Scores and
/// finding codes are stored by each commit, so this reads rows, not cards.
/// </summary>
public sealed record AuditOverview(
    IReadOnlyList<int> ScoreBins,
    int Audited,
    int NotAudited,
    IReadOnlyList<(string Code, int Count)> Findings,
    IReadOnlyList<(string Id, string? Declared, string? Verified)> TaskDisagreements,
    IReadOnlyList<(string License, int Count)> Licenses,
    IReadOnlyList<string> WithoutCard,
    int WithoutCardTotal)
{
    /// <summary>Repositories without a card listed by name (the rest are counted).</summary>
    public const int ListedWithoutCard = 200;

    /// <summary>Reads the overview under the caller's access.</summary>
    public static async Task<AuditOverview> LoadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var db = context.RequestServices.GetRequiredService<HubDbContext>();
        var visible = context.Caller()?.ReadableNamespaces ?? [];
        var spaces = RepoType.Space.SingularName();
        var readable = db.Repositories.AsNoTracking().Where(r => r.Type != spaces && (!r.Private || visible.Contains(r.NamespaceLower)));
        var rows = await readable.Select(r => new { r.Id, r.Type, r.Namespace, r.Name, r.CardScore, r.CardFindings, r.Tags, r.PipelineTag }).ToListAsync(cancellationToken);

        var bins = new int[10];
        var findings = new Dictionary<string, int>(StringComparer.Ordinal);
        var licenses = new Dictionary<string, int>(StringComparer.Ordinal);
        var without = new List<string>();
        int audited = 0, notAudited = 0, withoutTotal = 0;
        foreach (var row in rows)
        {
            var id = (row.Type == RepoType.Dataset.SingularName() ? "datasets/" : string.Empty) + $"{row.Namespace}/{row.Name}";
            if (row.CardFindings is null)
            {
                notAudited++;
                continue;
            }

            if (row.CardScore is not { } score)
            {
                withoutTotal++;
                if (without.Count < ListedWithoutCard)
                {
                    without.Add(id);
                }

                continue;
            }

            audited++;
            bins[Math.Clamp(score / 10, 0, 9)]++;
            foreach (var code in row.CardFindings.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                findings[code] = findings.GetValueOrDefault(code) + 1;
            }

            foreach (var tag in row.Tags.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => t.StartsWith("license:", StringComparison.Ordinal)))
            {
                licenses[tag["license:".Length..]] = licenses.GetValueOrDefault(tag["license:".Length..]) + 1;
            }
        }

        // Models whose card's task differs from the task a run verified, at the head of their default branch.
        var disagreeing = await ValidationRows.AtDefaultHeads(db).Where(v => v.Summary != null && v.Summary.Contains("\"taskAgrees\":false"))
            .Select(v => new { v.RepositoryId, v.Summary }).ToListAsync(cancellationToken);
        var byId = rows.ToDictionary(r => r.Id);
        var disagreements = disagreeing.Where(d => byId.ContainsKey(d.RepositoryId)).Select(d =>
        {
            var row = byId[d.RepositoryId];
            var summary = JsonSerializer.Deserialize(d.Summary!, ValidationJsonContext.Default.ModelValidationSummary);
            return ($"{row.Namespace}/{row.Name}", row.PipelineTag, summary?.Task);
        }).OrderBy(d => d.Item1, StringComparer.Ordinal).ToList();

        return new AuditOverview(bins, audited, notAudited,
            [.. findings.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal).Take(20).Select(f => (f.Key, f.Value))],
            disagreements,
            [.. licenses.OrderByDescending(l => l.Value).ThenBy(l => l.Key, StringComparer.Ordinal).Select(l => (l.Key, l.Value))],
            without, withoutTotal);
    }
}
