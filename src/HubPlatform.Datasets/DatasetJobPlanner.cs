using HubPlatform.Hub;
using HubPlatform.Storage;
using HubPlatform.Storage.Entities;

namespace HubPlatform.Datasets;

/// <summary>Every commit to a dataset repository (upload, sync, pull-through) gets an indexing job, in the commit's transaction.</summary>
public sealed class DatasetJobPlanner : IJobPlanner
{
    /// <inheritdoc />
    public Task<IReadOnlyList<JobRequest>> PlanAsync(RepositoryEntity repo, string commitId, string? branch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        IReadOnlyList<JobRequest> jobs = RepoTypeExtensions.Parse(repo.Type) == RepoType.Dataset
            ? [new JobRequest(DatasetIndexJob.JobKind, repo.Id, commitId, Branch: branch)]
            : [];
        return Task.FromResult(jobs);
    }
}
