using System.Text.Json;
using HubPlatform.Cards;
using HubPlatform.Hub;
using HubPlatform.Hub.Validation;
using HubPlatform.Storage;
using Microsoft.EntityFrameworkCore;

namespace HubPlatform.Mirror.Pages;

/// <summary>
/// What was checked at the head of a repository's default branch: validation of its model files (pending until the job
/// ran) and the audit of its card, with the findings validation raised against the card.
/// </summary>
public sealed record ChecksView(RepoType Type, string Id, string Commit, ModelValidationResponse? Validation, CardAudit? Audit, bool HasCard, bool Gated)
{
    /// <summary>The repository's page path.</summary>
    public string RepoPath => (Type == RepoType.Dataset ? "/datasets/" : "/") + Id;

    /// <summary>Loads both under the caller's access.</summary>
    public static async Task<ChecksView> LoadAsync(HttpContext context, RepoType type, RepoId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var repo = await context.ReadableRepoAsync(type, id, cancellationToken);
        var commit = await context.ResolveRevisionAsync(repo, RepositoryService.DefaultBranch, cancellationToken);
        var repos = context.RequestServices.GetRequiredService<RepositoryService>();
        ModelValidationResponse? validation = null;
        var gated = false;
        try
        {
            await context.RequireGatePassAsync(repo, cancellationToken);
        }
        catch (HubProblemException e) when (e.ErrorCode == "GatedRepo")
        {
            // What validation read in the files is theirs to see who may download them, as the validation API says.
            gated = true;
        }

        if (type == RepoType.Model && !gated)
        {
            var db = context.RequestServices.GetRequiredService<HubDbContext>();
            var row = await db.ModelValidations.AsNoTracking().FirstOrDefaultAsync(v => v.RepositoryId == repo.Id && v.CommitId == commit, cancellationToken);
            validation = row is null ? new ModelValidationResponse { Commit = commit, Status = "pending" } : ValidationRows.Done(commit, row);
        }

        var card = await RepoCard.ReadAsync(context, repo, commit, cancellationToken);
        var audit = card is null ? null : new CardAuditor().Audit(card, type == RepoType.Dataset ? CardKind.Dataset : CardKind.Model);
        var hasCard = card is not null || await repos.FileAsync(repo, commit, "README.md", cancellationToken) is not null;

        return new ChecksView(type, $"{repo.Namespace}/{repo.Name}", commit, validation, audit, hasCard, gated);
    }
}
