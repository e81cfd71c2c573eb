using System.Text;
using HubPlatform.Hub;
using HubPlatform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Mirror.Tests;

/// <summary>What other local users may read of the data folder, and what a browser does with files served from it.</summary>
public sealed class LocalUsersAndBrowsersTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_data_folder_is_its_owners_only_even_when_it_was_made_open()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        var ct = TestContext.Current.CancellationToken;
        await using var server = new MirrorServer();
        Directory.CreateDirectory(server.DataDirectory);
        File.SetUnixFileMode(server.DataDirectory, (UnixFileMode)0b111_101_101);
        await server.InitializeAsync();
        (await server.CreateRepoAsync("modes", isPrivate: true)).EnsureSuccessStatusCode();
        var weights = Encoding.UTF8.GetBytes("private weights " + Guid.NewGuid());
        var sha = await server.UploadLfsAsync("acme/modes", weights, ct);
        var inline = Encoding.UTF8.GetBytes("private text " + Guid.NewGuid());
        (await server.CommitAsync("acme/modes", string.Join('\n', MirrorServer.Header("m"), MirrorServer.LfsLine("w.bin", sha, weights.Length), MirrorServer.FileLine("a.txt", inline)))).EnsureSuccessStatusCode();

        var blobs = server.Services.GetRequiredService<IBlobStore>();
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(OwnerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(server.DataDirectory));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(server.DataDirectory, "hub.db")));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(server.DataDirectory, "signing.key")));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(blobs.PathOf(sha)));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(blobs.PathOf(Sha256Hash.Compute(inline))));
    }

    [Theory]
    [InlineData("page.html", "attachment")]
    [InlineData("logo.svg", "attachment")]
    [InlineData("config.json", "inline")]
    public async Task Files_that_browsers_would_run_are_downloaded_and_nothing_is_sniffed(string path, string disposition)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new MirrorServer();
        await server.InitializeAsync();
        (await server.CreateRepoAsync("pages")).EnsureSuccessStatusCode();
        var content = "<html><script>alert(document.cookie)</script></html>"u8.ToArray();
        (await server.CommitAsync("acme/pages", MirrorServer.Header("p") + "\n" + MirrorServer.FileLine(path, content))).EnsureSuccessStatusCode();
        using var http = server.Http(null);

        foreach (var route in new[] { "resolve", "raw" })
        {
            var response = await http.GetAsync($"/acme/pages/{route}/main/{path}", ct);

            Assert.StartsWith(disposition + ";", response.Content.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Contains("sandbox", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.DoesNotContain("html", response.Content.Headers.ContentType!.MediaType!, StringComparison.Ordinal);
        }
    }
}
