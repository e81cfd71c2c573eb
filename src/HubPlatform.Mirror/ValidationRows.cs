using System.Text.Json;
using HubPlatform.Hub.Validation;
using HubPlatform.Storage;
using HubPlatform.Storage.Entities;
using HubPlatform.Validation;
using Microsoft.EntityFrameworkCore;

namespace HubPlatform.Mirror;

/// <summary>
/// Reading the validation job's stored results, for the API (validation, model info, listings) and the pages alike: the
/// rows at the heads of default branches, a commit's summary, and a row as the API's response.
/// </summary>
internal static class ValidationRows
{
    /// <summary>The results of the commits at the heads of default branches (what listings and the mirror's audit show).</summary>
    public static IQueryable<ModelValidationEntity> AtDefaultHeads(HubDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var head = RepositoryService.HeadsPrefix + RepositoryService.DefaultBranch;
        return db.ModelValidations.AsNoTracking()
            .Join(db.Refs.Where(f => f.Name == head), v => new { v.RepositoryId, v.CommitId }, f => new { f.RepositoryId, f.CommitId }, (v, _) => v);
    }

    /// <summary>A stored row as the validation API answers it.</summary>
    public static ModelValidationResponse Done(string commit, ModelValidationEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new ModelValidationResponse
        {
            Commit = commit, Status = "done",
            Models = JsonSerializer.Deserialize(row.Results, ValidationJsonContext.Default.ListModelValidation) ?? [],
            Findings = row.Findings is null ? [] : JsonSerializer.Deserialize(row.Findings, ValidationJsonContext.Default.ListModelCardFinding) ?? [],
        };
    }

    /// <summary>
    /// The summary of a commit (model info's <c>validation</c> field, and the model page's): the stored results, else the
    /// state of its job, else null. Cached like rows (a done summary never changes; pending turns done within the cache's
    /// lifetime): model info is otherwise answered from memory, and a query per request cost it four fifths of its throughput.
    /// </summary>
    public static async Task<ModelValidationSummary?> SummaryAsync(HttpContext context, long repositoryId, string commit, CancellationToken cancellationToken) =>
        await context.RequestServices.GetRequiredService<RowCache>().GetOrLoadAsync(new ValidationSummaryKey(repositoryId, commit), async token =>
        {
            var db = context.RequestServices.GetRequiredService<HubDbContext>();
            var row = await db.ModelValidations.AsNoTracking().Where(v => v.RepositoryId == repositoryId && v.CommitId == commit).Select(v => new { v.Summary, v.Results }).FirstOrDefaultAsync(token);
            if (row is not null)
            {
                // Rows written before summaries were stored are summarised from their results.
                return row.Summary is not null
                    ? JsonSerializer.Deserialize(row.Summary, ValidationJsonContext.Default.ModelValidationSummary)
                    : ModelValidationSummary.Of(JsonSerializer.Deserialize(row.Results, ValidationJsonContext.Default.ListModelValidation) ?? []);
            }

            var job = await db.Jobs.AsNoTracking().Where(j => j.Kind == ModelValidationJob.JobKind && j.RepositoryId == repositoryId && j.CommitId == commit)
                .Select(j => j.Status).FirstOrDefaultAsync(token);
            return job switch
            {
                null => null,
                JobQueue.Failed => new ModelValidationSummary { Status = "failed" },
                _ => new ModelValidationSummary { Status = "pending" },
            };
        }, cancellationToken);
}
