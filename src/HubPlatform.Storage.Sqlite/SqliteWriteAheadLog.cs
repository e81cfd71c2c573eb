using Microsoft.EntityFrameworkCore;

namespace HubPlatform.Storage.Sqlite;

/// <summary>Turns on write-ahead logging (kept in the database file), so that readers never wait for the one writer.</summary>
internal sealed class SqliteWriteAheadLog : IStorageStartup
{
    public async Task RunAsync(HubDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
