using System.Text.Json;
using HubPlatform.Hub;
using HubPlatform.Hub.Validation;
using HubPlatform.Storage;
using HubPlatform.Validation;
using Microsoft.EntityFrameworkCore;

namespace HubPlatform.Mirror;

/// <summary>
/// <c>GET /api/models/{repo}/validation[/{revision}]</c>: what the validation job found in the model files of a commit,
/// under the Hub API's access rules. A commit whose job has not run answers <c>pending</c> with <c>Retry-After</c>, and its
/// job is queued when it was never (or no longer) planned.
/// </summary>
internal static class ValidationEndpoints
{
    public static async Task HandleAsync(HttpContext context, RepoId id, string revision)
    {
        var ct = context.RequestAborted;
        var repo = await context.ReadableRepoAsync(RepoType.Model, id, ct);
        await context.RequireGatePassAsync(repo, ct);
        var commit = await context.ResolveRevisionAsync(repo, revision.Length == 0 ? RepositoryService.DefaultBranch : revision, ct);
        var db = context.RequestServices.GetRequiredService<HubDbContext>();
        var row = await db.ModelValidations.AsNoTracking().FirstOrDefaultAsync(v => v.RepositoryId == repo.Id && v.CommitId == commit, ct);
        ModelValidationResponse response;
        if (row is null)
        {
            await context.RequestServices.GetRequiredService<JobQueue>().EnsureAsync(new JobRequest(ModelValidationJob.JobKind, repo.Id, commit), ct);
            context.Response.Headers.RetryAfter = "5";
            response = new ModelValidationResponse { Commit = commit, Status = "pending" };
        }
        else
        {
            response = ValidationRows.Done(commit, row);
        }

        context.Response.Headers.CacheControl = "private, no-cache";
        await context.WriteAsync(response, ValidationJsonContext.Default.ModelValidationResponse);
    }
}
