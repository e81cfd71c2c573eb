using Google.Protobuf;
using HubPlatform.Client;
using HubPlatform.Client.Tests;
using HubPlatform.Hub;
using HubPlatform.Mirror;
using HubPlatform.Storage;
using HubPlatform.Validation.Onnx;
using HubPlatform.Validation.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Cli.Tests;

/// <summary>
/// A model uploaded with <c>hub upload</c> to a running mirror is validated by its worker, in a child process as
/// <c>hub serve</c> configures it, and read back through HubClient with a task the run verified.
/// </summary>
public sealed class ModelValidationEndToEndTests : IAsyncLifetime
{
    private readonly TempDir _home = new();
    private WebApplication _app = null!;
    private Dictionary<string, string> _env = null!;
    private Uri _url = null!;

    public async ValueTask InitializeAsync()
    {
        // The worker is driven by the test; the probe runs this build's hub, as hub serve sets it up.
        _app = await MirrorApp.BuildAsync(["--urls", "http://127.0.0.1:0", .. ValidateCommand.ProbeConfiguration()], Path.Combine(_home.Path, "data"), o => o.RunWorker = false);
        await _app.StartAsync();
        _url = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await using var scope = _app.Services.CreateAsyncScope();
        var token = await scope.ServiceProvider.GetRequiredService<TokenService>().CreateAsync("alice", "cli", "write", ["acme"], CancellationToken.None);
        _env = new Dictionary<string, string> { ["HF_ENDPOINT"] = _url.ToString(), ["HF_HOME"] = Path.Combine(_home.Path, "hf"), ["HF_TOKEN"] = token };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task An_uploaded_classifier_is_validated_and_its_task_verified_by_a_run()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateDirectory(Path.Combine(_home.Path, "model")).FullName;
        var graph = new GraphProto { Name = "classifier" };
        graph.Input.Add(TinyModels.Value("input_ids", 7, "batch", "sequence"));
        graph.Output.Add(TinyModels.Value("logits", 1, "batch", 2));
        graph.Node.Add(TinyModels.Node("Cast", ["input_ids"], ["ids"], new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
        graph.Node.Add(TinyModels.Node("ReduceMean", ["ids"], ["mean"],
            new AttributeProto { Name = "axes", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 1 } },
            new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
        graph.Node.Add(TinyModels.Node("Concat", ["mean", "mean"], ["logits"], new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
        TinyModels.Write(TinyModels.Model(graph), Path.Combine(folder, "onnx"));
        await File.WriteAllTextAsync(Path.Combine(folder, "config.json"), """{"model_type":"toy","id2label":{"0":"NEG","1":"POS"},"vocab_size":50}""", ct);
        Assert.Equal(0, (await CliRun.RunAsync(_env, "repo", "create", "acme/toy")).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(_env, "upload", "acme/toy", folder, "--quiet")).ExitCode);

        var worker = _app.Services.GetRequiredService<JobWorker>();
        while (await worker.RunOnceAsync(ct))
        {
        }

        using var client = HubClient.Create(new HubClientOptions { Endpoint = _url, Token = _env["HF_TOKEN"], CacheDirectory = Path.Combine(_home.Path, "cache") });
        var validation = await client.Models.ValidationAsync(RepoId.Parse("acme/toy"), cancellationToken: ct);

        Assert.Equal("done", validation.Status);
        var model = Assert.Single(validation.Models);
        Assert.Equal("onnx/model.onnx", model.File);
        Assert.Empty(model.Errors);
        Assert.True(model.Probe!.Ran, model.Probe.Error);
        Assert.Equal(("text-classification", true), (model.Task!.Name, model.Task.Verified));
        Assert.Equal("toy", model.Architecture!.ModelType);
    }
}
