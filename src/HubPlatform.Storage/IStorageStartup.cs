namespace HubPlatform.Storage;

/// <summary>Work a database provider does once the migrations are applied, before anything is served (SQLite: its journal mode).</summary>
public interface IStorageStartup
{
    Task RunAsync(HubDbContext db, CancellationToken cancellationToken);
}
