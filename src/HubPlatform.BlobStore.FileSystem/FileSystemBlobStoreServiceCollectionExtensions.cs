using HubPlatform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.BlobStore.FileSystem;

/// <summary>Registers the file-system blob store (under <see cref="StorageOptions.BlobDirectory"/>).</summary>
public static class FileSystemBlobStoreServiceCollectionExtensions
{
    public static IServiceCollection AddFileSystemBlobStore(this IServiceCollection services)
    {
        services.AddSingleton<IBlobStore, FileSystemBlobStore>();
        return services;
    }
}
