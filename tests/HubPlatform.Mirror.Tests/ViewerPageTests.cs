using System.Net;

namespace HubPlatform.Mirror.Tests;

/// <summary>The dataset viewer page: splits, rows a page at a time, search, filter and column statistics, under the access rules.</summary>
public sealed class ViewerPageTests : IAsyncLifetime
{
    private MirrorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await MirrorServer.StartAsync(o => o.RunWorker = false);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static byte[] Csv(int rows) =>
        System.Text.Encoding.UTF8.GetBytes("text,label\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"review number {i} {(i % 2 == 0 ? "great" : "poor")},{i % 2}\n")));

    [Fact]
    public async Task A_split_is_paged_searched_filtered_and_described_once_indexed()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await DatasetRepos.CreateAsync(_server, ct, false, ("data/train.csv", Csv(120)), ("data/test.csv", Csv(10)));
        using var http = new HttpClient { BaseAddress = _server.Url };
        var pending = await http.GetStringAsync($"/datasets/{repo}/viewer", ct);
        await DatasetRepos.RunJobsAsync(_server, ct);

        var first = await http.GetStringAsync($"/datasets/{repo}/viewer", ct);
        var second = await http.GetStringAsync($"/datasets/{repo}/viewer/default/train?p=1", ct);
        var searched = await http.GetStringAsync($"/datasets/{repo}/viewer/default/train?q=poor", ct);
        var filtered = await http.GetStringAsync($"/datasets/{repo}/viewer/default/train?where=label%20%3D%201", ct);
        var badFilter = await http.GetAsync($"/datasets/{repo}/viewer/default/train?where=label%20%3D%3D%3D", ct);
        var noSplit = await http.GetStringAsync($"/datasets/{repo}/viewer/default/nothing", ct);

        Assert.Contains("role=\"status\"", pending, StringComparison.Ordinal);
        Assert.Contains($"href=\"/datasets/{repo}/viewer/default/test\"", first, StringComparison.Ordinal);
        Assert.Contains("Rows 1–50 of 120", first, StringComparison.Ordinal);
        Assert.Contains("<td>review number 0 great</td>", first, StringComparison.Ordinal);
        Assert.Contains("Rows 51–100 of 120", second, StringComparison.Ordinal);
        Assert.Contains("<h2>Column statistics</h2>", first, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"bars\" role=\"img\"", first, StringComparison.Ordinal);
        Assert.Contains("of 60</p>", searched, StringComparison.Ordinal);
        Assert.DoesNotContain("great</td>", searched, StringComparison.Ordinal);
        Assert.Contains("of 60</p>", filtered, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, badFilter.StatusCode);
        Assert.Contains("role=\"status\"", await badFilter.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Contains("no such config and split", noSplit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_private_dataset_s_viewer_is_the_404_page_to_others()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await DatasetRepos.CreateAsync(_server, ct, true, ("data/train.csv", Csv(5)));
        using var http = new HttpClient { BaseAddress = _server.Url };

        var hidden = await http.GetAsync($"/datasets/{repo}/viewer", ct);
        var reader = await _server.Http(_server.ReadToken).GetAsync($"/datasets/{repo}/viewer", ct);

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reader.StatusCode);
    }
}
