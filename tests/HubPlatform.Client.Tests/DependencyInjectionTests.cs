using HubPlatform.Hub;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Client.Tests;

public class DependencyInjectionTests
{
    [Fact]
    public async Task AddHubClient_builds_a_working_client_with_the_same_pipeline()
    {
        using var hub = new FakeHub();
        hub.AddRepo("acme/di", files: [FakeFile.Text("config.json", "{}")]);
        hub.AddError("/api/models/acme/missing/revision/main", 404, "RepoNotFound", "Repository not found");
        using var dir = new TempDir();
        var services = new ServiceCollection();
        services.AddHubClient(o =>
        {
            o.Endpoint = hub.Url;
            o.Token = FakeHub.Token;
            o.CacheDirectory = dir.Path;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<HubClient>();
        var ct = TestContext.Current.CancellationToken;

        var info = await client.Models.GetAsync(RepoId.Parse("acme/di"), Revision.Main, cancellationToken: ct);
        var path = await client.Files.DownloadFileAsync(RepoId.Parse("acme/di"), "config.json", cancellationToken: ct);

        Assert.Equal("acme/di", info.Id);
        Assert.StartsWith(dir.Path, path, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubPlatform.Client.Errors.RepositoryNotFoundException>(() => client.Models.GetAsync(RepoId.Parse("acme/missing"), Revision.Main, cancellationToken: ct));
        Assert.All(hub.Log, e => Assert.Equal("Bearer " + FakeHub.Token, e.RequestMessage!.Headers!["Authorization"].Single()));
    }
}
