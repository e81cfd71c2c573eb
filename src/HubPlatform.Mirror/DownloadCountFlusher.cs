using HubPlatform.Storage;
using Microsoft.Extensions.Options;

namespace HubPlatform.Mirror;

/// <summary>Writes the download counts gathered in memory every <see cref="MirrorOptions.DownloadFlushSeconds"/> and at shutdown.</summary>
internal sealed class DownloadCountFlusher(IServiceScopeFactory scopes, DownloadCounter counter, IOptions<MirrorOptions> options, ILogger<DownloadCountFlusher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.1, options.Value.DownloadFlushSeconds)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync writes what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await counter.FlushAsync(scope.ServiceProvider.GetRequiredService<HubPlatform.Storage.HubDbContext>(), cancellationToken);
        }
        catch (Exception e) when (e is Microsoft.EntityFrameworkCore.DbUpdateException or Microsoft.Data.Sqlite.SqliteException)
        {
            logger.LogWarning("Download counts could not be written now (kept for the next try): {Reason}", e.Message);
        }
        catch (ObjectDisposedException)
        {
            // A host disposed without being stopped first has no database left to write to.
            logger.LogWarning("Download counts not written: the host was disposed before it stopped.");
        }
    }
}
