using HubPlatform.Storage;
using Microsoft.Extensions.Options;

namespace HubPlatform.Mirror;

/// <summary>
/// Runs the job worker inside <c>hub serve</c> (unless <see cref="MirrorOptions.RunWorker"/> is off, for a server whose jobs a
/// separate <c>hub worker</c> runs).
/// </summary>
internal sealed class JobWorkerService(JobWorker worker, IOptions<MirrorOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunWorker)
        {
            return;
        }

        try
        {
            await worker.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: a job in progress goes back to the queue when its lease expires.
        }
    }
}
