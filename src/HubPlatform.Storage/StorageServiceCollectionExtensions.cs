using HubPlatform.Storage.Trees;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Storage;

/// <summary>
/// Registers the provider-neutral storage services. A host adds a database provider (<c>AddHubStorageSqlite</c>, which calls
/// this) and a blob store (<c>AddFileSystemBlobStore</c>), and an <see cref="ICardSummarizer"/>, which reads READMEs for
/// listings and search.
/// </summary>
public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddHubStorageCore(this IServiceCollection services, Action<StorageOptions> configure)
    {
        services.Configure(configure);
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TreeCache>();
        services.AddSingleton<RowCache>();
        services.AddSingleton<RecentBlobUses>();
        services.AddSingleton<DownloadCounter>();
        services.AddScoped<TreeStore>();
        services.AddScoped<CommitService>();
        services.AddScoped<LegacyTreeConverter>();
        services.AddScoped<ObjectOwnershipBackfill>();
        services.AddScoped<LfsObjects>();
        services.AddScoped<AccessRequests>();
        services.AddScoped<JobQueue>();
        services.AddSingleton<JobWorker>();
        services.AddScoped<RepositoryService>();
        services.AddScoped<TokenService>();
        services.AddScoped<StoreChecker>();
        services.AddScoped<PulledBlobCache>();
        return services;
    }

    /// <summary>
    /// Creates or upgrades the database to the latest migration, runs the provider's start-up work, then converts what the
    /// migrations cannot (commits of a data folder made before trees, and the LFS objects its repositories own).
    /// </summary>
    public static async Task MigrateHubStorageAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        foreach (var startup in scope.ServiceProvider.GetServices<IStorageStartup>())
        {
            await startup.RunAsync(db, cancellationToken);
        }

        await scope.ServiceProvider.GetRequiredService<LegacyTreeConverter>().ConvertAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<ObjectOwnershipBackfill>().RunAsync(cancellationToken);
    }
}
