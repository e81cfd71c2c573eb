using HubPlatform.BlobStore.FileSystem;
using HubPlatform.Datasets;
using HubPlatform.Validation;
using HubPlatform.Storage;
using HubPlatform.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace HubPlatform.Mirror;

/// <summary>Builds the mirror's web application; used by <c>Program</c>, <c>hub serve</c> and the tests.</summary>
public static class MirrorApp
{
    private static readonly string[] ExposedHeaders =
    [
        "X-Repo-Commit", "X-Request-Id", "X-Error-Code", "X-Error-Message", "X-Total-Count", "ETag", "Link", "Accept-Ranges",
        "Content-Range", "X-Linked-Size", "X-Linked-ETag",
    ];

    /// <summary>Registers storage, options and the signer on a builder.</summary>
    public static WebApplicationBuilder Configure(WebApplicationBuilder builder, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var data = Path.GetFullPath(dataDirectory);
        DataFolderPermissions.Restrict(data);
        builder.Services.Configure<StorageOptions>(builder.Configuration.GetSection("Storage"));
        builder.Services.AddHubStorageSqlite(o => o.DataDirectory = data).AddFileSystemBlobStore();
        builder.Services.AddSingleton<ICardSummarizer, CardSummarizer>();
        builder.Services.AddHubDatasets();
        builder.Services.Configure<DatasetOptions>(builder.Configuration.GetSection("Datasets"));
        builder.Services.AddHubValidation();
        builder.Services.Configure<ValidationOptions>(builder.Configuration.GetSection("Validation"));
        builder.Services.Configure<MirrorOptions>(builder.Configuration.GetSection("Mirror"));
        builder.Services.AddSingleton(sp => new UrlSigner(UrlSigner.LoadOrCreateKey(data), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.AllowAnyOrigin().AllowAnyMethod()
            .WithHeaders("Authorization", "Range", "Content-Type", "X-Request-Id").WithExposedHeaders(ExposedHeaders)));
        builder.Services.AddHubRateLimiting();
        builder.Services.AddScoped<MirrorSync>();
        builder.Services.AddSingleton<PullThrough>();
        builder.Services.AddSingleton<ListingCache>();
        builder.Services.AddSingleton<SmallFileCache>();
        builder.Services.AddHostedService<DownloadCountFlusher>();
        builder.Services.AddRazorComponents();
        builder.Services.AddSingleton<Pages.CardRenderer>();
        builder.Services.AddHostedService<JobWorkerService>();
        builder.Services.AddSingleton(sp => new MultipartStore(sp.GetRequiredService<IOptions<StorageOptions>>().Value.UploadsDirectory, sp.GetRequiredService<IBlobStore>()));
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 2L * 1024 * 1024 * 1024);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        return builder;
    }

    /// <summary>Adds the middleware and the Hub routes.</summary>
    public static WebApplication MapHub(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseCors();
        app.UseMiddleware<HubMiddleware>();
        app.UseRateLimiter();
        app.Use(HubMiddleware.RejectInvalidCredentialsAsync);
        app.Use(HubRateLimiting.LimitHeavyRequestsAsync);
        app.Run(HubRouter.HandleAsync);
        return app;
    }

    /// <summary>Builds a ready application over a data folder (migrations applied).</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, string dataDirectory, Action<MirrorOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = Configure(WebApplication.CreateBuilder(args), dataDirectory);
        if (configure is not null)
        {
            builder.Services.PostConfigure(configure);
        }

        var app = MapHub(builder.Build());
        await app.Services.MigrateHubStorageAsync(cancellationToken);
        return app;
    }
}
