using HubPlatform.Client.Api;
using HubPlatform.Client.Files;
using HubPlatform.Client.Http;
using HubPlatform.Hub.Api;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Refit;

namespace HubPlatform.Client;

/// <summary>
/// The Hub client: one property per API area (<see cref="Models"/>, <see cref="Datasets"/>, <see cref="Repos"/>,
/// <see cref="Users"/>, <see cref="Files"/>). Make one with <see cref="Create(HubClientOptions?, HttpMessageHandler?, ILoggerFactory?)"/>
/// or take it from DI after <see cref="HubServiceCollectionExtensions.AddHubClient"/>.
/// </summary>
public sealed class HubClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>Creates a client over an <see cref="HttpClient"/> whose handlers are the HubPlatform pipeline (as DI builds it).</summary>
    public HubClient(HttpClient http, HubClientOptions options, ILogger<HubClient>? logger = null)
        : this(http, options, logger, ownsHttp: false)
    {
    }

    private HubClient(HttpClient http, HubClientOptions options, ILogger? logger, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _ownsHttp = ownsHttp;
        Options = options.Clone();
        http.BaseAddress ??= Options.Endpoint;
        var settings = CreateRefitSettings();
        var models = RestService.ForGenerated<IModelsApi>(http, settings);
        var datasets = RestService.ForGenerated<IDatasetsApi>(http, settings);
        Models = new ModelsClient(models, http);
        Datasets = new DatasetsClient(datasets, http);
        Repos = new RepositoriesClient(RestService.ForGenerated<IRepoApi>(http, settings), models, datasets, http);
        Users = new UsersClient(RestService.ForGenerated<IUsersApi>(http, settings));
        Files = new FilesClient(http, Options, Repos, logger ?? NullLogger.Instance);
        Commits = new Commits.CommitsClient(http, Options, Repos, Files);
        DatasetViewer = new DatasetViewerClient(http, Options);
    }

    /// <summary>The dataset viewer: splits, info, sizes and pages of rows of a dataset without downloading it.</summary>
    public DatasetViewerClient DatasetViewer { get; }

    /// <summary>The options this client was made with (a copy).</summary>
    public HubClientOptions Options { get; }

    /// <summary>Model listing and info.</summary>
    public ModelsClient Models { get; }

    /// <summary>Dataset listing and info.</summary>
    public DatasetsClient Datasets { get; }

    /// <summary>Tree, paths-info, refs and commits of any repository.</summary>
    public RepositoriesClient Repos { get; }

    /// <summary>The caller's identity.</summary>
    public UsersClient Users { get; }

    /// <summary>File metadata, downloads and snapshots into the cache.</summary>
    public FilesClient Files { get; }

    /// <summary>Commits, file and folder uploads, deletions.</summary>
    public Commits.CommitsClient Commits { get; }

    /// <summary>
    /// Builds a client without DI: options from <see cref="HubEnvironment.Resolve()"/> when none are given, and the same handler
    /// pipeline (errors, retries, redirects, auth) that DI registers. <paramref name="primaryHandler"/> replaces the socket handler (tests).
    /// </summary>
    public static HubClient Create(HubClientOptions? options = null, HttpMessageHandler? primaryHandler = null, ILoggerFactory? loggerFactory = null)
    {
        options ??= HubEnvironment.Resolve();
        var http = HubHttpPipeline.CreateHttpClient(options, primaryHandler);
        return new HubClient(http, options, loggerFactory?.CreateLogger<HubClient>(), ownsHttp: true);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    internal static RefitSettings CreateRefitSettings() => new()
    {
        ContentSerializer = new SystemTextJsonContentSerializer(new System.Text.Json.JsonSerializerOptions
        {
            TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(HubJsonContext.Default, HubPlatform.Hub.Validation.ValidationJsonContext.Default),
            PropertyNameCaseInsensitive = false,
        }),
        UrlParameterFormatter = new HubUrlParameterFormatter(),
        CollectionFormat = CollectionFormat.Multi,
    };
}
