using HubPlatform.BlobStore.FileSystem;
using HubPlatform.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Storage.Tests;

/// <summary>A migrated SQLite database and blob store in a temporary folder.</summary>
internal sealed class StorageFixture : IAsyncDisposable
{
    private StorageFixture(ServiceProvider services, string folder)
    {
        Services = services;
        Folder = folder;
    }

    public ServiceProvider Services { get; }

    public string Folder { get; }

    /// <summary>A new data folder; <paramref name="configure"/> adds or replaces services (a clock, job handlers, interceptors).</summary>
    public static Task<StorageFixture> CreateAsync(Action<IServiceCollection>? configure = null) =>
        OpenAsync(Path.Combine(Path.GetTempPath(), "hubplatform-storage-tests", Guid.NewGuid().ToString("N")), configure);

    /// <summary>Opens (migrating and converting) the data folder, new or not.</summary>
    public static async Task<StorageFixture> OpenAsync(string folder, Action<IServiceCollection>? configure = null)
    {
        var collection = Register(folder);
        configure?.Invoke(collection);
        var services = collection.BuildServiceProvider();
        await services.MigrateHubStorageAsync();
        return new StorageFixture(services, folder);
    }

    /// <summary>The storage services over a data folder, with a card summarizer that records its calls.</summary>
    public static IServiceCollection Register(string folder)
    {
        var services = new ServiceCollection().AddHubStorageSqlite(o => o.DataDirectory = folder).AddFileSystemBlobStore();
        services.AddSingleton<RecordingCardSummarizer>();
        services.AddSingleton<ICardSummarizer>(sp => sp.GetRequiredService<RecordingCardSummarizer>());
        return services;
    }

    public T Get<T>(IServiceScope scope)
        where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
