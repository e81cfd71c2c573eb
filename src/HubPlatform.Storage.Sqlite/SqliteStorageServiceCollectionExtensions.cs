using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HubPlatform.Storage.Sqlite;

/// <summary>Registers the storage on SQLite: <c>hub.db</c> in the data folder, its migrations, FTS5 search.</summary>
public static class SqliteStorageServiceCollectionExtensions
{
    /// <summary>The assembly that holds the SQLite migrations.</summary>
    public const string MigrationsAssembly = "HubPlatform.Migrations.Sqlite";

    public static IServiceCollection AddHubStorageSqlite(this IServiceCollection services, Action<StorageOptions> configure)
    {
        services.AddHubStorageCore(configure);
        // Pooled: a request scope rents a context instead of building one (constructing a DbContext was four tenths of the
        // CPU a HEAD of a small file took); the options are built once, not per request.
        services.AddDbContextPool<HubDbContext>((sp, options) =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            Directory.CreateDirectory(storage.DataDirectory);
            options.UseSqlite($"Data Source={storage.DatabasePath};Pooling=True;Default Timeout=30", sqlite => sqlite.MigrationsAssembly(MigrationsAssembly));
        });
        services.AddScoped<ISearchIndex, SqliteSearchIndex>();
        services.AddSingleton<IStorageStartup, SqliteWriteAheadLog>();
        return services;
    }
}
