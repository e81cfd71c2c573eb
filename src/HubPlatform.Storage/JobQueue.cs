using System.Security.Cryptography;
using HubPlatform.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HubPlatform.Storage;

/// <summary>
/// The durable job queue in the database. Jobs are added in the transaction of the commit that needs them; a worker takes
/// one under a lease with an expiry (a killed worker's job is taken again once it expires), and only the lease's holder can
/// finish it. A failed attempt is retried after a backoff, and after <see cref="StorageOptions.JobMaxAttempts"/> the job
/// fails for good with its reason kept. Taking, finishing and failing are single conditional updates, so several workers
/// on one database never hold the same job at once.
/// </summary>
public sealed class JobQueue(HubDbContext db, TimeProvider clock, IOptions<StorageOptions> options)
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Superseded = "superseded";

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>Adds jobs (one already queued for the same kind, repository, commit and file is not added twice); saved with the caller's transaction.</summary>
    public async Task EnqueueAsync(IEnumerable<JobRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var now = clock.GetUtcNow();
        foreach (var request in requests.Distinct())
        {
            if (await db.Jobs.AnyAsync(j => j.Kind == request.Kind && j.RepositoryId == request.RepositoryId && j.CommitId == request.CommitId && j.Path == request.Path, cancellationToken))
            {
                continue;
            }

            db.Jobs.Add(new JobEntity
            {
                Kind = request.Kind, RepositoryId = request.RepositoryId, CommitId = request.CommitId, Path = request.Path, Branch = request.Branch,
                Status = Queued, MaxAttempts = options.Value.JobMaxAttempts, NotBefore = now, CreatedAt = now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// A new commit on a branch makes the waiting jobs of the commits it replaced there pointless: they are marked
    /// superseded (their commits can still be processed later if someone asks for them by id).
    /// </summary>
    public Task<int> SupersedeAsync(long repositoryId, string branch, string newCommitId, CancellationToken cancellationToken) =>
        db.Jobs.Where(j => j.RepositoryId == repositoryId && j.Branch == branch && j.CommitId != newCommitId && j.Status == Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, Superseded), cancellationToken);

    /// <summary>
    /// The job that does <paramref name="request"/>, queued now when there is none or when a newer commit superseded it
    /// (work a reader asks for is done lazily).
    /// </summary>
    public async Task<JobEntity> EnsureAsync(JobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var tries = 0; ; tries++)
        {
            var job = await FindAsync(request, cancellationToken);
            if (job is null)
            {
                try
                {
                    await EnqueueAsync([request], cancellationToken);
                }
                catch (DbUpdateException) when (tries < 3)
                {
                    // Another request queued it between the look and the insert.
                    db.ChangeTracker.Clear();
                }

                continue;
            }

            if (job.Status != Superseded)
            {
                return job;
            }

            var now = clock.GetUtcNow();
            await db.Jobs.Where(j => j.Id == job.Id && j.Status == Superseded)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, Queued).SetProperty(j => j.NotBefore, now).SetProperty(j => j.Attempts, 0), cancellationToken);
        }
    }

    private Task<JobEntity?> FindAsync(JobRequest request, CancellationToken cancellationToken) =>
        db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Kind == request.Kind && j.RepositoryId == request.RepositoryId && j.CommitId == request.CommitId && j.Path == request.Path, cancellationToken);

    /// <summary>Takes the oldest job of the given kinds that is due, or whose last holder's lease expired; null when none is.</summary>
    public async Task<JobLease?> LeaseAsync(IReadOnlyCollection<string> kinds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        for (var tries = 0; tries < 10; tries++)
        {
            var now = clock.GetUtcNow();
            var candidate = await db.Jobs.AsNoTracking()
                .Where(j => kinds.Contains(j.Kind) && ((j.Status == Queued && j.NotBefore <= now) || (j.Status == Running && j.LeaseExpiresAt < now)))
                .OrderBy(j => j.Id).FirstOrDefaultAsync(cancellationToken);
            if (candidate is null)
            {
                return null;
            }

            if (candidate.Status == Running && candidate.Attempts >= candidate.MaxAttempts)
            {
                // Its workers died with it every time: a job that kills its worker fails for good.
                await FinishAsync(candidate.Id, candidate.LeaseId, Failed, $"abandoned by its worker {candidate.Attempts} times (the worker stopped or crashed while running it)", null, cancellationToken);
                continue;
            }

            var leaseId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var expires = now + options.Value.JobLease;
            var taken = await db.Jobs
                .Where(j => j.Id == candidate.Id && j.Status == candidate.Status && j.LeaseId == candidate.LeaseId)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, Running).SetProperty(j => j.LeaseId, leaseId)
                    .SetProperty(j => j.LeaseExpiresAt, expires).SetProperty(j => j.Attempts, j => j.Attempts + 1), cancellationToken);
            if (taken == 1)
            {
                var job = await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == candidate.Id, cancellationToken);
                return new JobLease(job, leaseId);
            }

            // Another worker took it between the look and the update: look again.
        }

        return null;
    }

    /// <summary>Extends a lease for a long job; false when the lease was lost (expired and taken by another worker).</summary>
    public async Task<bool> RenewAsync(JobLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var expires = clock.GetUtcNow() + options.Value.JobLease;
        return await db.Jobs.Where(j => j.Id == lease.Job.Id && j.Status == Running && j.LeaseId == lease.LeaseId)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, expires), cancellationToken) == 1;
    }

    /// <summary>
    /// Marks a job done and writes its outcome in one transaction, if the lease is still held; false (nothing written) when
    /// another worker has taken the job since.
    /// </summary>
    public async Task<bool> CompleteAsync(JobLease lease, JobOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(outcome);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await FinishAsync(lease.Job.Id, lease.LeaseId, Done, null, outcome.Summary, cancellationToken))
        {
            return false;
        }

        if (outcome.Write is { } write)
        {
            await write(db, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Records a failed attempt: queued again after a backoff, or failed for good after the last attempt.</summary>
    public async Task FailAsync(JobLease lease, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var reason = error.Length > 2000 ? error[..2000] : error;
        if (lease.Job.Attempts >= lease.Job.MaxAttempts)
        {
            await FinishAsync(lease.Job.Id, lease.LeaseId, Failed, reason, null, cancellationToken);
            return;
        }

        var wait = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, lease.Job.Attempts)));
        var notBefore = clock.GetUtcNow() + wait;
        await db.Jobs.Where(j => j.Id == lease.Job.Id && j.Status == Running && j.LeaseId == lease.LeaseId)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, Queued).SetProperty(j => j.LeaseId, (string?)null)
                .SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null).SetProperty(j => j.NotBefore, notBefore).SetProperty(j => j.Error, reason), cancellationToken);
    }

    /// <summary>Jobs, newest first (failed ones only, when asked).</summary>
    public Task<List<JobEntity>> ListAsync(bool failedOnly, int limit, CancellationToken cancellationToken) =>
        db.Jobs.AsNoTracking().Where(j => !failedOnly || j.Status == Failed).OrderByDescending(j => j.Id).Take(limit).ToListAsync(cancellationToken);

    /// <summary>Queues a job again from its first attempt (after its cause was fixed); false when there is no such job.</summary>
    public async Task<bool> RetryAsync(long id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.Jobs.Where(j => j.Id == id && j.Status != Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, Queued).SetProperty(j => j.Attempts, 0).SetProperty(j => j.NotBefore, now)
                .SetProperty(j => j.Error, (string?)null).SetProperty(j => j.LeaseId, (string?)null).SetProperty(j => j.FinishedAt, (DateTimeOffset?)null), cancellationToken) == 1;
    }

    private async Task<bool> FinishAsync(long id, string? leaseId, string status, string? error, string? result, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.Jobs.Where(j => j.Id == id && j.Status == Running && j.LeaseId == leaseId)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, status).SetProperty(j => j.FinishedAt, now).SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null)
                .SetProperty(j => j.Error, j => status == Done ? null : error ?? j.Error).SetProperty(j => j.Result, result), cancellationToken) == 1;
    }
}
