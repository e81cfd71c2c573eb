using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HubPlatform.Client.Errors;
using HubPlatform.Hub;
using HubPlatform.Hub.Viewer;

namespace HubPlatform.Client;

/// <summary>
/// The dataset viewer API (<see cref="HubClientOptions.ResolvedDatasetViewerEndpoint"/>): splits, info, sizes, Parquet files
/// and pages of rows of a dataset, without downloading it. While a dataset is being processed the server answers
/// <c>ResponseNotReady</c>, which is retried like any 500 and then thrown as a <see cref="HubHttpException"/>.
/// </summary>
public sealed class DatasetViewerClient
{
    private readonly HttpClient _http;
    private readonly Uri _base;

    internal DatasetViewerClient(HttpClient http, HubClientOptions options)
    {
        _http = http;
        _base = options.ResolvedDatasetViewerEndpoint;
    }

    /// <summary>Which viewer features work for a dataset (<c>/is-valid</c>).</summary>
    public Task<IsValidResponse> IsValidAsync(RepoId dataset, CancellationToken cancellationToken = default) =>
        GetAsync("is-valid", dataset, [], ViewerJsonContext.Default.IsValidResponse, cancellationToken);

    /// <summary>The configurations and splits of a dataset (<c>/splits</c>), of all configurations or one.</summary>
    public Task<SplitsResponse> SplitsAsync(RepoId dataset, string? config = null, CancellationToken cancellationToken = default) =>
        GetAsync("splits", dataset, [("config", config)], ViewerJsonContext.Default.SplitsResponse, cancellationToken);

    /// <summary>One configuration's info (<c>/info</c>): features, splits with their rows and bytes.</summary>
    public Task<ConfigInfoResponse> InfoAsync(RepoId dataset, string config, CancellationToken cancellationToken = default) =>
        GetAsync("info", dataset, [("config", config)], ViewerJsonContext.Default.ConfigInfoResponse, cancellationToken);

    /// <summary>Every configuration's info (<c>/info</c> without a configuration).</summary>
    public Task<DatasetInfoResponse> InfoAsync(RepoId dataset, CancellationToken cancellationToken = default) =>
        GetAsync("info", dataset, [], ViewerJsonContext.Default.DatasetInfoResponse, cancellationToken);

    /// <summary>Rows and bytes of the dataset, its configurations and splits (<c>/size</c>).</summary>
    public Task<SizeResponse> SizeAsync(RepoId dataset, string? config = null, CancellationToken cancellationToken = default) =>
        GetAsync("size", dataset, [("config", config)], ViewerJsonContext.Default.SizeResponse, cancellationToken);

    /// <summary>The Parquet files of each split with their download URLs (<c>/parquet</c>).</summary>
    public Task<ParquetFilesResponse> ParquetFilesAsync(RepoId dataset, string? config = null, CancellationToken cancellationToken = default) =>
        GetAsync("parquet", dataset, [("config", config)], ViewerJsonContext.Default.ParquetFilesResponse, cancellationToken);

    /// <summary>Up to 100 first rows of a split (<c>/first-rows</c>).</summary>
    public Task<FirstRowsResponse> FirstRowsAsync(RepoId dataset, string config, string split, CancellationToken cancellationToken = default) =>
        GetAsync("first-rows", dataset, [("config", config), ("split", split)], ViewerJsonContext.Default.FirstRowsResponse, cancellationToken);

    /// <summary>One page of rows of a split (<c>/rows</c>; <paramref name="length"/> at most 100).</summary>
    public Task<RowsResponse> RowsAsync(RepoId dataset, string config, string split, long offset = 0, int length = 100, CancellationToken cancellationToken = default) =>
        GetAsync("rows", dataset, [("config", config), ("split", split), ("offset", Number(offset)), ("length", Number(length))], ViewerJsonContext.Default.RowsResponse, cancellationToken);

    /// <summary>
    /// One page of the rows of a split where <paramref name="where"/> holds (<c>/filter</c>), optionally ordered by
    /// <paramref name="orderBy"/> (<c>"col" DESC</c>); <see cref="RowsResponse.NumRowsTotal"/> counts all matches.
    /// </summary>
    public Task<RowsResponse> FilterAsync(RepoId dataset, string config, string split, string where, string? orderBy = null, long offset = 0, int length = 100, CancellationToken cancellationToken = default) =>
        GetAsync("filter", dataset, [("config", config), ("split", split), ("where", where), ("orderby", orderBy), ("offset", Number(offset)), ("length", Number(length))],
            ViewerJsonContext.Default.RowsResponse, cancellationToken);

    /// <summary>
    /// One page of the rows of a split whose text holds any word of <paramref name="query"/>, compared case-folded and stemmed
    /// (<c>/search</c>); <see cref="RowsResponse.NumRowsTotal"/> counts all matches.
    /// </summary>
    public Task<RowsResponse> SearchAsync(RepoId dataset, string config, string split, string query, long offset = 0, int length = 100, CancellationToken cancellationToken = default) =>
        GetAsync("search", dataset, [("config", config), ("split", split), ("query", query), ("offset", Number(offset)), ("length", Number(length))],
            ViewerJsonContext.Default.RowsResponse, cancellationToken);

    /// <summary>The column statistics of a split (<c>/statistics</c>): nulls, numbers with a histogram, label frequencies, lengths.</summary>
    public Task<StatisticsResponse> StatisticsAsync(RepoId dataset, string config, string split, CancellationToken cancellationToken = default) =>
        GetAsync("statistics", dataset, [("config", config), ("split", split)], ViewerJsonContext.Default.StatisticsResponse, cancellationToken);

    /// <summary>Every row of a split, page by page.</summary>
    public async IAsyncEnumerable<ViewerRow> AllRowsAsync(RepoId dataset, string config, string split, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long offset = 0;
        while (true)
        {
            var page = await RowsAsync(dataset, config, split, offset, 100, cancellationToken);
            foreach (var row in page.Rows)
            {
                yield return row;
            }

            offset += page.Rows.Count;
            if (page.Rows.Count == 0 || offset >= page.NumRowsTotal)
            {
                yield break;
            }
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private async Task<T> GetAsync<T>(string route, RepoId dataset, (string Name, string? Value)[] parameters, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var query = string.Join('&', new[] { ("dataset", (string?)dataset.ToString()) }.Concat(parameters).Where(p => p.Item2 is not null)
            .Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
        var uri = new Uri($"{_base.AbsoluteUri.TrimEnd('/')}/{route}?{query}");
        using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await HubErrorMapper.CreateAsync(response, cancellationToken);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync(body, type, cancellationToken)
            ?? throw new HubHttpException($"The dataset viewer answered {route} with an empty body.");
    }
}
