using HubPlatform.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HubPlatform.Datasets;

/// <summary>Registers dataset indexing (its job planner and handler) and the viewer; the mirror and <c>hub worker</c> call it alike.</summary>
public static class DatasetsServiceCollectionExtensions
{
    /// <summary>Adds the dataset jobs and the viewer over registered storage.</summary>
    public static IServiceCollection AddHubDatasets(this IServiceCollection services)
    {
        services.TryAddSingleton<DatasetSnapshotCache>();
        services.TryAddSingleton<RowGroupCache>();
        services.AddOptions<DatasetOptions>();
        services.TryAddScoped<DatasetConverter>();
        services.AddScoped<IJobPlanner, DatasetJobPlanner>();
        services.AddScoped<IJobHandler, DatasetIndexJob>();
        services.AddScoped<IJobHandler, DatasetStatisticsJob>();
        services.AddScoped<IJobHandler, DatasetSearchJob>();
        services.TryAddSingleton<DatasetSearchIndex>();
        services.TryAddScoped<DatasetViewer>();
        services.TryAddScoped<DatasetCachePruner>();
        return services;
    }
}
