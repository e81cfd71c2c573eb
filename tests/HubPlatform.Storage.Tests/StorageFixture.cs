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

    public static async Task<StorageFixture> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hubplatform-storage-tests", Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection().AddHubStorageSqlite(o => o.DataDirectory = folder).BuildServiceProvider();
        await services.MigrateHubStorageAsync();
        return new StorageFixture(services, folder);
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
