using System.Diagnostics;
using System.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HubPlatform.Storage;

/// <summary>
/// Runs jobs from the <see cref="JobQueue"/> with the registered <see cref="IJobHandler"/>s, one at a time, never inside a
/// request: in <c>hub serve</c> by default, or alone as <c>hub worker</c>. While a job runs its lease is renewed; if the
/// lease is lost the job is cancelled, and if the worker stops the job is left to another worker once its lease expires.
/// </summary>
public sealed class JobWorker(IServiceScopeFactory scopes, IOptions<StorageOptions> options, ILogger<JobWorker> logger)
{
    /// <summary>Runs jobs until cancelled; returns at once when no handler is registered.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if ((await KindsAsync()).Count == 0)
        {
            logger.LogInformation("No job handlers are registered; the worker has nothing to do");
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            bool ran;
            try
            {
                ran = await RunOnceAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database was busy or away: wait and look again rather than stop the worker.
                logger.LogWarning(e, "The job worker could not reach the queue");
                ran = false;
            }

            if (!ran)
            {
                await Task.Delay(options.Value.JobPollInterval, cancellationToken);
            }
        }
    }

    /// <summary>Takes one job and runs it to its end; false when no job was due.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var handlers = scope.ServiceProvider.GetServices<IJobHandler>().ToDictionary(h => h.Kind, StringComparer.Ordinal);
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var lease = await queue.LeaseAsync(handlers.Keys, cancellationToken);
        if (lease is null)
        {
            return false;
        }

        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewAsync(lease, running);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var outcome = await handlers[lease.Job.Kind].RunAsync(lease, running.Token);
            await running.CancelAsync();
            await renewal;
            if (!await queue.CompleteAsync(lease, outcome, cancellationToken))
            {
                logger.LogWarning("Job {Id} ({Kind}) was taken by another worker before it finished here; its result is not written twice", lease.Job.Id, lease.Job.Kind);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The worker is stopping: the job goes to whichever worker takes it once its lease expires.
            throw;
        }
        catch (OperationCanceledException) when (running.IsCancellationRequested)
        {
            logger.LogWarning("Job {Id} ({Kind}) lost its lease and was stopped", lease.Job.Id, lease.Job.Kind);
        }
        catch (Exception e)
        {
            await running.CancelAsync();
            await renewal;
            logger.LogWarning(e, "Job {Id} ({Kind}) failed on attempt {Attempt} of {Max}", lease.Job.Id, lease.Job.Kind, lease.Job.Attempts, lease.Job.MaxAttempts);
            await queue.FailAsync(lease, e.Message, cancellationToken);
        }
        finally
        {
            ReturnMemory(Stopwatch.GetElapsedTime(started));
        }

        return true;
    }

    // A long job (a split's statistics, a model's validation) leaves the heap at the size of its largest moment, and the GC
    // keeps that memory for the next allocation: the server would sit at the job's peak while it only serves requests.
    // One compacting collection, which returns the memory, costs a pause of tens of milliseconds after seconds of work.
    private static void ReturnMemory(TimeSpan took)
    {
        if (took < TimeSpan.FromSeconds(1))
        {
            return;
        }

        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    // Handlers are scoped and may hold services that only dispose asynchronously.
    private async Task<List<string>> KindsAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        return [.. scope.ServiceProvider.GetServices<IJobHandler>().Select(h => h.Kind)];
    }

    // Renews the lease a few times per period, on a context of its own; cancels the job when the lease is lost.
    private async Task RenewAsync(JobLease lease, CancellationTokenSource running)
    {
        using var timer = new PeriodicTimer(options.Value.JobLease / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(running.Token))
            {
                await using var scope = scopes.CreateAsyncScope();
                if (!await scope.ServiceProvider.GetRequiredService<JobQueue>().RenewAsync(lease, running.Token))
                {
                    await running.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The job ended (or the worker stops).
        }
    }
}
