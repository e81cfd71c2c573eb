using HubPlatform.Mirror;
using HubPlatform.Storage;

// The mirror on its own: `dotnet run --project src/HubPlatform.Mirror -- --urls http://127.0.0.1:5080`.
// Its data folder comes from HUBPLATFORM_DATA (default ./.data); `hub serve` is the usual way to start it.
var builder = MirrorApp.Configure(WebApplication.CreateBuilder(args), Environment.GetEnvironmentVariable("HUBPLATFORM_DATA") is { Length: > 0 } d ? d : ".data");
var app = MirrorApp.MapHub(builder.Build());
await app.Services.MigrateHubStorageAsync();
await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
