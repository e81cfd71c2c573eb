using System.Net.Http.Headers;
using System.Text.Json;
using HubPlatform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Mirror.Tests;

public sealed class DownloadCountTests : IAsyncLifetime
{
    private readonly MirrorServer _server = new() { Configure = o => o.DownloadFlushSeconds = 0.2 };

    public ValueTask InitializeAsync() => _server.InitializeAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Whole_downloads_are_counted_in_memory_and_reach_the_repository_on_the_next_flush()
    {
        var ct = TestContext.Current.CancellationToken;
        (await _server.CreateRepoAsync("counted")).EnsureSuccessStatusCode();
        (await _server.CommitAsync("acme/counted", MirrorServer.Header("add") + "\n" + MirrorServer.FileLine("config.json", "{}"u8.ToArray()))).EnsureSuccessStatusCode();
        using var http = _server.Http(null);
        var url = "/acme/counted/resolve/main/config.json";

        for (var i = 0; i < 3; i++)
        {
            (await http.GetAsync(url, ct)).EnsureSuccessStatusCode();
        }

        (await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url), ct)).EnsureSuccessStatusCode();
        var ranged = new HttpRequestMessage(HttpMethod.Get, url);
        ranged.Headers.Range = new RangeHeaderValue(0, 0);
        (await http.SendAsync(ranged, ct)).EnsureSuccessStatusCode();

        // Only the three whole GETs count, and they reach the row without a write per request.
        long downloads = 0;
        for (var tries = 0; tries < 100 && downloads < 3; tries++)
        {
            await Task.Delay(100, ct);
            using var info = JsonDocument.Parse(await http.GetStringAsync("/api/models/acme/counted?expand=downloads", ct));
            downloads = info.RootElement.GetProperty("downloads").GetInt64();
        }

        Assert.Equal(3, downloads);
        Assert.Equal(0, _server.Services.GetRequiredService<DownloadCounter>().Pending(1));
    }
}
