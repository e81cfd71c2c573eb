using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HubPlatform.Mirror.Tests;

/// <summary>The mirror's own Program in a WebApplicationFactory, over a temporary data folder.</summary>
public sealed class InProcessHostTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "hubplatform-waf", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Program_starts_migrates_and_answers_the_hub_api()
    {
        Environment.SetEnvironmentVariable("HUBPLATFORM_DATA", _data);
        try
        {
            await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Mirror:PublicUrl", "https://mirror.example"));
            using var http = factory.CreateClient();

            var list = await http.GetAsync("/api/models", TestContext.Current.CancellationToken);
            var yaml = await http.PostAsync("/api/validate-yaml", MirrorServer.Json("""{"content":"---\nlicense: nope\n---\n","repoType":"model"}"""), TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            Assert.Equal("[]", await list.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal(HttpStatusCode.BadRequest, yaml.StatusCode);
            Assert.Contains("license-unknown", await yaml.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(_data, "hub.db")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("HUBPLATFORM_DATA", null);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
