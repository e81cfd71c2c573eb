using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using HubPlatform.Storage.Trees;
using Microsoft.Extensions.Options;

namespace HubPlatform.Storage;

/// <summary>Registers the storage with SQLite in the data folder.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>The assembly that holds the SQLite migrations.</summary>
    public const string SqliteMigrationsAssembly = "HubPlatform.Migrations.Sqlite";

    /// <remarks>The host also registers an <see cref="ICardSummarizer"/>, which reads READMEs for listings and search.</remarks>
    public static IServiceCollection AddHubStorageSqlite(this IServiceCollection services, Action<StorageOptions> configure)
    {
        services.Configure(configure);
        services.AddLogging();
        services.AddDbContext<HubDbContext>((sp, options) =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            Directory.CreateDirectory(storage.DataDirectory);
            options.UseSqlite($"Data Source={storage.DatabasePath};Pooling=True;Default Timeout=30", sqlite => sqlite.MigrationsAssembly(SqliteMigrationsAssembly));
        });
        services.AddSingleton<IBlobStore, FileSystemBlobStore>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TreeCache>();
        services.AddSingleton<DownloadCounter>();
        services.AddScoped<TreeStore>();
        services.AddScoped<CommitService>();
        services.AddScoped<LegacyTreeConverter>();
        services.AddScoped<RepositoryService>();
        services.AddScoped<TokenService>();
        services.AddScoped<StoreChecker>();
        services.AddScoped<PulledBlobCache>();
        services.AddScoped<SearchIndex>();
        return services;
    }

    /// <summary>
    /// Creates or upgrades the database to the latest migration, with WAL journaling for concurrent readers, then converts
    /// what the migrations cannot (commits of a data folder made before trees).
    /// </summary>
    public static async Task MigrateHubStorageAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        await scope.ServiceProvider.GetRequiredService<LegacyTreeConverter>().ConvertAsync(cancellationToken);
    }
}
