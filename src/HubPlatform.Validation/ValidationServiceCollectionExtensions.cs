using HubPlatform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Validation;

/// <summary>Registers model validation (its job planner and handler); the mirror and <c>hub worker</c> call it alike.</summary>
public static class ValidationServiceCollectionExtensions
{
    /// <summary>Adds the validation job over registered storage.</summary>
    public static IServiceCollection AddHubValidation(this IServiceCollection services)
    {
        services.AddOptions<ValidationOptions>();
        services.AddSingleton<WorkerProbe>();
        services.AddScoped<IJobPlanner, ValidationJobPlanner>();
        services.AddScoped<IJobHandler, ModelValidationJob>();
        return services;
    }
}
