namespace HubPlatform.Storage;

/// <summary>Does one kind of job. Registered in the container; the worker runs the jobs whose kind has a handler.</summary>
public interface IJobHandler
{
    /// <summary>The kind of job it does.</summary>
    string Kind { get; }

    /// <summary>
    /// Does the work (outside any transaction) and returns what to write, which the queue runs in the same transaction that
    /// marks the job done, only if this worker still holds the lease: a job that finishes twice writes its result once.
    /// </summary>
    Task<JobOutcome> RunAsync(JobLease lease, CancellationToken cancellationToken);
}

/// <summary>What a finished job writes: rows through the context it is given, and a short summary kept with the job.</summary>
/// <param name="Summary">The summary.</param>
/// <param name="Write">Writes the job's results, inside the completing transaction; null when there is nothing to write.</param>
public sealed record JobOutcome(string? Summary, Func<HubDbContext, CancellationToken, Task>? Write = null);

/// <summary>A job a worker holds: its row as leased, and the lease's id.</summary>
/// <param name="Job">The job.</param>
/// <param name="LeaseId">The lease's id.</param>
public sealed record JobLease(Entities.JobEntity Job, string LeaseId);

/// <summary>A job to add: its kind, repository, commit, file (empty for the whole commit) and branch.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="RepositoryId">The repository.</param>
/// <param name="CommitId">The commit.</param>
/// <param name="Path">The file, or empty.</param>
/// <param name="Branch">The branch the commit is on, or null.</param>
public sealed record JobRequest(string Kind, long RepositoryId, string CommitId, string Path = "", string? Branch = null);

/// <summary>
/// Says which jobs a new commit needs (indexing a dataset, validating a model); asked inside the commit's transaction, so
/// the jobs exist exactly when the commit does.
/// </summary>
public interface IJobPlanner
{
    /// <summary>The jobs for a commit just made on a branch (or imported under refs; <paramref name="branch"/> is then null).</summary>
    Task<IReadOnlyList<JobRequest>> PlanAsync(Entities.RepositoryEntity repo, string commitId, string? branch, CancellationToken cancellationToken);
}
