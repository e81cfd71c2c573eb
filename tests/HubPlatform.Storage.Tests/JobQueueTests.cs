using System.Collections.Concurrent;
using HubPlatform.Hub;
using HubPlatform.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Storage.Tests;

/// <summary>The durable job queue: leases that expire, results written once, poisoned jobs that fail for good.</summary>
public sealed class JobQueueTests
{
    [Fact]
    public async Task A_killed_workers_job_is_taken_again_and_every_job_finishes_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualClock();
        var handler = new RecordingHandler();
        await using var storage = await OpenAsync(clock, handler);
        var jobs = await EnqueueAsync(storage, 30, ct);

        // Worker A takes the first job and is killed in the middle of it: nothing finishes or fails it.
        using var killed = new CancellationTokenSource();
        handler.HangOnce = killed;
        var a = storage.Services.GetRequiredService<JobWorker>();
        var dying = a.RunOnceAsync(killed.Token);
        await handler.Hanging.Task.WaitAsync(ct);
        await killed.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dying);

        // Two workers drain the queue; the dead worker's job comes back once its lease has expired.
        await Task.WhenAll(DrainAsync(storage, ct), DrainAsync(storage, ct));
        Assert.Equal(29, handler.Written.Count);
        clock.Advance(TimeSpan.FromMinutes(6));
        await Task.WhenAll(DrainAsync(storage, ct), DrainAsync(storage, ct));

        Assert.Equal(jobs.Order(), handler.Written.Order());
        await using var scope = storage.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<HubDbContext>().Jobs.AsNoTracking().ToListAsync(ct);
        Assert.All(rows, r => Assert.Equal((JobQueue.Done, "done " + r.Id), (r.Status, r.Result)));
        Assert.Equal(2, rows.Single(r => r.Id == jobs[0]).Attempts);
    }

    [Fact]
    public async Task A_job_finished_by_a_worker_that_lost_its_lease_writes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualClock();
        await using var storage = await OpenAsync(clock, new RecordingHandler());
        await EnqueueAsync(storage, 1, ct);
        await using var first = storage.Services.CreateAsyncScope();
        await using var second = storage.Services.CreateAsyncScope();
        var slow = await first.ServiceProvider.GetRequiredService<JobQueue>().LeaseAsync([RecordingHandler.TheKind], ct);
        clock.Advance(TimeSpan.FromMinutes(6));
        var fast = await second.ServiceProvider.GetRequiredService<JobQueue>().LeaseAsync([RecordingHandler.TheKind], ct);
        var writes = 0;
        var outcome = new JobOutcome("x", (_, _) =>
        {
            Interlocked.Increment(ref writes);
            return Task.CompletedTask;
        });

        Assert.True(await second.ServiceProvider.GetRequiredService<JobQueue>().CompleteAsync(fast!, outcome, ct));
        Assert.False(await first.ServiceProvider.GetRequiredService<JobQueue>().CompleteAsync(slow!, outcome, ct));
        Assert.Equal(1, writes);
        Assert.NotEqual(slow!.LeaseId, fast!.LeaseId);
    }

    [Fact]
    public async Task A_poisoned_job_fails_for_good_after_its_attempts_while_the_others_complete()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualClock();
        var handler = new RecordingHandler();
        await using var storage = await OpenAsync(clock, handler);
        var jobs = await EnqueueAsync(storage, 5, ct);
        handler.Poisoned = jobs[2];

        for (var round = 0; round < 6; round++)
        {
            await DrainAsync(storage, ct);
            clock.Advance(TimeSpan.FromMinutes(10));
        }

        await using var scope = storage.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<HubDbContext>().Jobs.AsNoTracking().OrderBy(j => j.Id).ToListAsync(ct);
        var poisoned = rows.Single(r => r.Id == jobs[2]);
        Assert.Equal((JobQueue.Failed, 3), (poisoned.Status, poisoned.Attempts));
        Assert.Contains("bad input in job", poisoned.Error, StringComparison.Ordinal);
        Assert.All(rows.Where(r => r.Id != jobs[2]), r => Assert.Equal(JobQueue.Done, r.Status));

        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        Assert.Equal([jobs[2]], (await queue.ListAsync(failedOnly: true, 100, ct)).Select(j => j.Id));
        handler.Poisoned = -1;
        Assert.True(await queue.RetryAsync(jobs[2], ct));
        await DrainAsync(storage, ct);
        Assert.Empty(await queue.ListAsync(failedOnly: true, 100, ct));
    }

    [Fact]
    public async Task Backoff_waits_before_a_failed_job_is_tried_again_and_a_new_commit_supersedes_waiting_jobs()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualClock();
        var handler = new RecordingHandler();
        await using var storage = await OpenAsync(clock, handler);
        var jobs = await EnqueueAsync(storage, 2, ct);
        handler.Poisoned = jobs[0];
        var worker = storage.Services.GetRequiredService<JobWorker>();

        Assert.True(await worker.RunOnceAsync(ct));   // the poisoned one fails its first attempt
        Assert.True(await worker.RunOnceAsync(ct));   // the other completes
        Assert.False(await worker.RunOnceAsync(ct));  // the failed one waits for its backoff
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.True(await worker.RunOnceAsync(ct));

        await using var scope = storage.Services.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var repo = await scope.ServiceProvider.GetRequiredService<HubDbContext>().Repositories.Select(r => r.Id).FirstAsync(ct);
        await queue.EnqueueAsync([new JobRequest(RecordingHandler.TheKind, repo, new string('a', 40), Branch: "main")], ct);
        await queue.EnqueueAsync([new JobRequest(RecordingHandler.TheKind, repo, new string('a', 40), Branch: "main")], ct);
        Assert.Equal(1, await queue.SupersedeAsync(repo, "main", new string('b', 40), ct));
        Assert.Equal(JobQueue.Superseded, (await scope.ServiceProvider.GetRequiredService<HubDbContext>().Jobs.AsNoTracking().SingleAsync(j => j.CommitId == new string('a', 40), ct)).Status);
    }

    [Fact]
    public async Task A_superseded_job_asked_for_later_is_queued_again_and_a_missing_one_is_added_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var storage = await OpenAsync(new ManualClock(), new RecordingHandler());
        await using var scope = storage.Services.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var repo = (await scope.ServiceProvider.GetRequiredService<RepositoryService>().CreateAsync(RepoType.Dataset, RepoId.Parse("acme/lazy"), false, "alice", ct)).Id;
        var old = new JobRequest(RecordingHandler.TheKind, repo, new string('a', 40), Branch: "main");
        await queue.EnqueueAsync([old], ct);
        await queue.SupersedeAsync(repo, "main", new string('b', 40), ct);

        var again = await queue.EnsureAsync(old with { Branch = null }, ct);
        var added = await queue.EnsureAsync(new JobRequest(RecordingHandler.TheKind, repo, new string('c', 40)), ct);
        var same = await queue.EnsureAsync(new JobRequest(RecordingHandler.TheKind, repo, new string('c', 40)), ct);

        Assert.Equal(JobQueue.Queued, again.Status);
        Assert.Equal((JobQueue.Queued, added.Id), (same.Status, same.Id));
        Assert.Equal(2, await db.Jobs.CountAsync(j => j.RepositoryId == repo, ct));
        Assert.True(await storage.Services.GetRequiredService<JobWorker>().RunOnceAsync(ct));
    }

    [Fact]
    public async Task A_commit_enqueues_the_jobs_it_needs_in_its_own_transaction_and_a_refused_one_enqueues_none()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var storage = await OpenAsync(new ManualClock(), new RecordingHandler(), planner: true);
        await using var scope = storage.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepositoryService>();
        var commits = scope.ServiceProvider.GetRequiredService<CommitService>();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var repo = await repos.CreateAsync(RepoType.Dataset, RepoId.Parse("acme/planned"), false, "alice", ct);
        var first = await repos.ResolveAsync(repo, "main", ct);
        var file = await commits.StageTextAsync("a,b\n1,2\n", ct);
        var second = await commits.CommitAsync(repo, new CommitRequest { Branch = "main", Title = "data", AuthorName = "alice", Operations = [file with { Path = "train.csv" }] }, ct);
        var stale = await commits.StageTextAsync("x", ct);
        await Assert.ThrowsAsync<HubProblemException>(() => commits.CommitAsync(repo, new CommitRequest { Branch = "main", Title = "late", AuthorName = "alice", ParentCommit = first, Operations = [stale with { Path = "x.csv" }] }, ct));

        var jobs = await db.Jobs.AsNoTracking().OrderBy(j => j.Id).ToListAsync(ct);
        Assert.Equal([first, second], jobs.Select(j => j.CommitId));
        Assert.Equal([JobQueue.Superseded, JobQueue.Queued], jobs.Select(j => j.Status));
    }

    private static Task<StorageFixture> OpenAsync(ManualClock clock, RecordingHandler handler, bool planner = false) =>
        StorageFixture.CreateAsync(collection =>
        {
            collection.AddSingleton<TimeProvider>(clock);
            collection.AddSingleton<IJobHandler>(handler);
            collection.Configure<StorageOptions>(o => o.JobMaxAttempts = 3);
            if (planner)
            {
                collection.AddSingleton<IJobPlanner, EveryCommitPlanner>();
            }
        });

    // Jobs for commits of one repository; returns their ids in order.
    private static async Task<List<long>> EnqueueAsync(StorageFixture storage, int count, CancellationToken ct)
    {
        await using var scope = storage.Services.CreateAsyncScope();
        var repo = await scope.ServiceProvider.GetRequiredService<RepositoryService>().CreateAsync(RepoType.Dataset, RepoId.Parse("acme/jobs-" + Guid.NewGuid().ToString("N")[..6]), false, "alice", ct);
        await scope.ServiceProvider.GetRequiredService<JobQueue>().EnqueueAsync(
            Enumerable.Range(0, count).Select(i => new JobRequest(RecordingHandler.TheKind, repo.Id, i.ToString("x40", System.Globalization.CultureInfo.InvariantCulture))), ct);
        return await scope.ServiceProvider.GetRequiredService<HubDbContext>().Jobs.Where(j => j.RepositoryId == repo.Id).OrderBy(j => j.Id).Select(j => j.Id).ToListAsync(ct);
    }

    private static async Task DrainAsync(StorageFixture storage, CancellationToken ct)
    {
        var worker = storage.Services.GetRequiredService<JobWorker>();
        while (await worker.RunOnceAsync(ct))
        {
        }
    }

    // A job of the test kind for every commit.
    private sealed class EveryCommitPlanner : IJobPlanner
    {
        public Task<IReadOnlyList<JobRequest>> PlanAsync(RepositoryEntity repo, string commitId, string? branch, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<JobRequest>>([new JobRequest(RecordingHandler.TheKind, repo.Id, commitId, Branch: branch)]);
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    // Writes one "result" per job through the completing transaction, and records which jobs it wrote for.
    private sealed class RecordingHandler : IJobHandler
    {
        public const string TheKind = "test-job";

        public ConcurrentBag<long> Written { get; } = [];

        public CancellationTokenSource? HangOnce { get; set; }

        public TaskCompletionSource Hanging { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Poisoned { get; set; } = -1;

        public string Kind => TheKind;

        public async Task<JobOutcome> RunAsync(JobLease lease, CancellationToken cancellationToken)
        {
            if (HangOnce is { } hang)
            {
                HangOnce = null;
                Hanging.SetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            if (lease.Job.Id == Poisoned)
            {
                throw new InvalidDataException($"bad input in job {lease.Job.Id}");
            }

            return new JobOutcome("done " + lease.Job.Id, (_, _) =>
            {
                Written.Add(lease.Job.Id);
                return Task.CompletedTask;
            });
        }
    }
}
