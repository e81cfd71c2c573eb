using HubPlatform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Mirror.Tests;

/// <summary><c>hub fsck --repair</c> run against the data folder of a running server removes nothing a client is using.</summary>
public sealed class FsckWhileServingTests
{
    [Fact]
    public async Task An_uploaded_object_not_committed_yet_survives_repair_even_without_a_grace_period()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new MirrorServer { Arguments = ["--Storage:FsckGracePeriod=00:00:00"] };
        await server.InitializeAsync();
        (await server.CreateRepoAsync("pending")).EnsureSuccessStatusCode();
        var content = System.Security.Cryptography.RandomNumberGenerator.GetBytes(2048);
        var sha = await server.UploadLfsAsync("acme/pending", content, ct);

        FsckReport report;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            report = await scope.ServiceProvider.GetRequiredService<StoreChecker>().CheckAsync(repair: true, ct);
        }

        Assert.DoesNotContain(sha, report.Unreferenced);
        (await server.CommitAsync("acme/pending", MirrorServer.Header("w") + "\n" + MirrorServer.LfsLine("w.bin", sha, content.Length))).EnsureSuccessStatusCode();
        using var http = server.Http(null);
        Assert.Equal(content, await http.GetByteArrayAsync("/acme/pending/resolve/main/w.bin", ct));
    }
}
