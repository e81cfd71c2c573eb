using System.Net;

namespace HubPlatform.Mirror.Tests;

public sealed class MoveTests(MirrorServer server) : IClassFixture<MirrorServer>
{
    [Fact]
    public async Task A_moved_repo_redirects_its_old_id_with_a_relative_location()
    {
        var ct = TestContext.Current.CancellationToken;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        (await server.CreateRepoAsync("old-" + suffix)).EnsureSuccessStatusCode();
        (await server.CommitAsync($"acme/old-{suffix}", MirrorServer.Header("add") + "\n" + MirrorServer.FileLine("a.txt", "moved bytes"u8.ToArray()))).EnsureSuccessStatusCode();
        using var owner = server.Http(server.WriteToken);

        var move = await owner.PostAsync("/api/repos/move", MirrorServer.Json($$"""{"fromRepo":"acme/old-{{suffix}}","toRepo":"acme/new-{{suffix}}","type":"model"}"""), ct);
        Assert.Equal(HttpStatusCode.OK, move.StatusCode);

        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Url };
        var info = await noRedirects.GetAsync($"/api/models/acme/old-{suffix}?blobs=true", ct);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, info.StatusCode);
        Assert.Equal($"/api/models/acme/new-{suffix}?blobs=true", info.Headers.Location!.OriginalString);
        var file = await noRedirects.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/acme/old-{suffix}/resolve/main/a.txt"), ct);
        Assert.Equal($"/acme/new-{suffix}/resolve/main/a.txt", file.Headers.Location!.OriginalString);

        using var client = HubPlatform.Client.HubClient.Create(new HubPlatform.Client.HubClientOptions { Endpoint = server.Url, CacheDirectory = Path.Combine(server.DataDirectory, "cache-" + suffix) });
        var path = await client.Files.DownloadFileAsync(HubPlatform.Hub.RepoId.Parse($"acme/old-{suffix}"), "a.txt", cancellationToken: ct);
        Assert.Equal("moved bytes", await File.ReadAllTextAsync(path, ct));

        (await server.CreateRepoAsync("taken-" + suffix)).EnsureSuccessStatusCode();
        var clash = await owner.PostAsync("/api/repos/move", MirrorServer.Json($$"""{"fromRepo":"acme/new-{{suffix}}","toRepo":"acme/taken-{{suffix}}","type":"model"}"""), ct);
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        using var outsider = server.Http(server.OutsiderToken);
        var stolen = await outsider.PostAsync("/api/repos/move", MirrorServer.Json($$"""{"fromRepo":"acme/new-{{suffix}}","toRepo":"mallory/x-{{suffix}}","type":"model"}"""), ct);
        Assert.Equal(HttpStatusCode.Forbidden, stolen.StatusCode);
    }
}
