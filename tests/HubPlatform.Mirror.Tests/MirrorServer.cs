using System.Net.Http.Headers;
using System.Text;
using HubPlatform.Mirror;
using HubPlatform.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Mirror.Tests;

/// <summary>A real mirror on 127.0.0.1 with a fresh data folder, and tokens for a writer (in acme), a reader and an outsider.</summary>
public sealed class MirrorServer : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>Changes to the mirror's options, set before <see cref="InitializeAsync"/>.</summary>
    public Action<MirrorOptions>? Configure { get; init; }

    /// <summary>More command-line arguments for the host (configuration such as <c>--Storage:RowCacheSeconds=1</c>).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "hubplatform-mirror-tests", Guid.NewGuid().ToString("N"));

    public Uri Url { get; private set; } = null!;

    public string WriteToken { get; private set; } = null!;

    public string ReadToken { get; private set; } = null!;

    public string OutsiderToken { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    /// <summary>A started server (for tests that need one of their own, or several).</summary>
    public static async Task<MirrorServer> StartAsync(Action<MirrorOptions>? configure = null)
    {
        var server = new MirrorServer { Configure = configure };
        await server.InitializeAsync();
        return server;
    }

    public async ValueTask InitializeAsync()
    {
        _app = await MirrorApp.BuildAsync(["--urls", "http://127.0.0.1:0", .. Arguments], DataDirectory, Configure);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(address);
        await using var scope = _app.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<TokenService>();
        WriteToken = await tokens.CreateAsync("alice", "writer", "write", ["acme"], CancellationToken.None);
        ReadToken = await tokens.CreateAsync("alice", "reader", "read", [], CancellationToken.None);
        OutsiderToken = await tokens.CreateAsync("mallory", "outsider", "write", [], CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    /// <summary>Writes the download counts gathered in memory now, instead of at the next periodic flush.</summary>
    public async Task FlushDownloadCountsAsync(CancellationToken cancellationToken)
    {
        await using var scope = Services.CreateAsyncScope();
        await Services.GetRequiredService<DownloadCounter>().FlushAsync(scope.ServiceProvider.GetRequiredService<HubDbContext>(), cancellationToken);
    }

    /// <summary>Every page of a listing, following its <c>Link: rel="next"</c> headers (each page's JSON array).</summary>
    public static async Task<List<System.Text.Json.JsonElement>> PagesAsync(HttpClient http, string url, CancellationToken cancellationToken)
    {
        var pages = new List<System.Text.Json.JsonElement>();
        string? next = url;
        while (next is not null)
        {
            var response = await http.GetAsync(next, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            pages.Add(doc.RootElement.Clone());
            next = response.Headers.TryGetValues("Link", out var link) ? link.Single().Split('<', '>')[1] : null;
        }

        return pages;
    }

    public HttpClient Http(string? token)
    {
        var http = new HttpClient { BaseAddress = Url };
        if (!string.IsNullOrEmpty(token))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    public async Task<HttpResponseMessage> CreateRepoAsync(string name, string type = "model", bool isPrivate = false, string? token = null, string organization = "acme")
    {
        using var http = Http(token ?? WriteToken);
        return await http.PostAsync("/api/repos/create", Json($$"""{"name":"{{name}}","organization":"{{organization}}","type":"{{type}}","private":{{(isPrivate ? "true" : "false")}}}"""));
    }

    /// <summary>A write token of a user of its own (made on first use), for tests that need more tenants.</summary>
    public async Task<string> TokenForAsync(string user, string role = "write")
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TokenService>().CreateAsync(user, "t-" + Guid.NewGuid().ToString("N")[..6], role, [], CancellationToken.None);
    }

    public async Task<HttpResponseMessage> CommitAsync(string repo, string ndjson, string revision = "main", string? token = null, string prefix = "models")
    {
        using var http = Http(token ?? WriteToken);
        return await http.PostAsync($"/api/{prefix}/{repo}/commit/{revision}", new StringContent(ndjson, Encoding.UTF8, "application/x-ndjson"));
    }

    /// <summary>
    /// Uploads bytes through the LFS batch API of a repository, offering Xet as recent clients do (the mirror must choose
    /// basic), and returns their sha256.
    /// </summary>
    public async Task<string> UploadLfsAsync(string repo, byte[] content, CancellationToken cancellationToken, string? token = null)
    {
        var sha = HubPlatform.Hub.Sha256Hash.Compute(content);
        using var http = Http(token ?? WriteToken);
        var batch = await http.PostAsync($"/{repo}.git/info/lfs/objects/batch",
            Json($$$"""{"operation":"upload","transfers":["basic","xet"],"hash_algo":"sha_256","objects":[{"oid":"{{{sha}}}","size":{{{content.Length}}}}]}"""), cancellationToken);
        using var doc = System.Text.Json.JsonDocument.Parse(await batch.Content.ReadAsStringAsync(cancellationToken));
        Assert.Equal("basic", doc.RootElement.GetProperty("transfer").GetString());
        var upload = doc.RootElement.GetProperty("objects")[0].GetProperty("actions").GetProperty("upload").GetProperty("href").GetString()!;
        using var anonymous = new HttpClient();
        (await anonymous.PutAsync(upload, new ByteArrayContent(content), cancellationToken)).EnsureSuccessStatusCode();
        return sha;
    }

    public static string LfsLine(string path, string sha256, long size) =>
        $$$"""{"key":"lfsFile","value":{"path":"{{{path}}}","algo":"sha256","oid":"{{{sha256}}}","size":{{{size}}}}}""";

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static string FileLine(string path, byte[] content) =>
        $$$"""{"key":"file","value":{"path":"{{{path}}}","content":"{{{Convert.ToBase64String(content)}}}","encoding":"base64"}}""";

    public static string Header(string summary, string? parent = null) =>
        parent is null
            ? $$$"""{"key":"header","value":{"summary":"{{{summary}}}"}}"""
            : $$$"""{"key":"header","value":{"summary":"{{{summary}}}","parentCommit":"{{{parent}}}"}}""";
}
