using HubPlatform.Hub;
using HubPlatform.Storage;
using HubPlatform.Storage.Entities;

namespace HubPlatform.Validation;

/// <summary>Every commit to a model repository gets a validation job, in the commit's transaction.</summary>
public sealed class ValidationJobPlanner : IJobPlanner
{
    /// <inheritdoc />
    public Task<IReadOnlyList<JobRequest>> PlanAsync(RepositoryEntity repo, string commitId, string? branch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        IReadOnlyList<JobRequest> jobs = RepoTypeExtensions.Parse(repo.Type) == RepoType.Model
            ? [new JobRequest(ModelValidationJob.JobKind, repo.Id, commitId, Branch: branch)]
            : [];
        return Task.FromResult(jobs);
    }
}
