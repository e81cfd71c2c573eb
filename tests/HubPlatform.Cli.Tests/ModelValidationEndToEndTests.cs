using Google.Protobuf;
using HubPlatform.Client;
using HubPlatform.Client.Tests;
using HubPlatform.Hub;
using HubPlatform.Mirror;
using HubPlatform.Storage;
using HubPlatform.Validation.Onnx;
using HubPlatform.Validation.Onnx.Tests;
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
        await File.WriteAllTextAsync(Path.Combine(folder, "README.md"), "---\nlicense: mit\nlibrary_name: transformers.js\npipeline_tag: token-classification\n---\n# toy\n", ct);

        // The card on disk is held against the model beside it, run in a child process as hub validate runs it.
        var audit = await CliRun.RunAsync(_env, "card", "audit", Path.Combine(folder, "README.md"));
        Assert.Contains("task-mismatch", audit.Out, StringComparison.Ordinal);
        Assert.Contains("'text-classification'", audit.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("task-mismatch", (await CliRun.RunAsync(_env, "card", "audit", "--no-run", Path.Combine(folder, "README.md"))).Out, StringComparison.Ordinal);

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
        Assert.Equal(["NEG", "POS"], model.Task.Labels);
        var finding = Assert.Single(validation.Findings);
        Assert.Equal(("task-mismatch", 4), (finding.Code, finding.Line));

        var info = await client.Models.GetAsync(RepoId.Parse("acme/toy"), cancellationToken: ct);
        Assert.Equal(("done", "text-classification", true, false), (info.Validation!.Status, info.Validation.Task, info.Validation.Verified, info.Validation.TaskAgrees));
        using var http = new HttpClient { BaseAddress = _url };
        Assert.Contains("acme/toy", await http.GetStringAsync("/api/models?filter=verified", ct), StringComparison.Ordinal);
        Assert.DoesNotContain("acme/toy", await http.GetStringAsync("/api/models?filter=verified&validated_task=token-classification", ct), StringComparison.Ordinal);

        var remote = await CliRun.RunAsync(_env, "validate", "acme/toy", "--remote", "--json");
        Assert.Equal(0, remote.ExitCode);
        var remoteModel = Assert.Single(System.Text.Json.Nodes.JsonNode.Parse(remote.Out)!.AsArray())!;
        Assert.Equal("acme/toy/onnx/model.onnx", remoteModel["file"]!.GetValue<string>());
        Assert.True(remoteModel["task"]!["verified"]!.GetValue<bool>());
        Assert.Equal(1, (await CliRun.RunAsync(_env, "validate", "acme/toy", "--remote", "--revision", "no-such-branch")).ExitCode);
    }
}
