using System.Net;
using System.Text.Json.Nodes;
using Google.Protobuf;
using HubPlatform.Client;
using HubPlatform.Client.Errors;
using HubPlatform.Hub;
using HubPlatform.Storage;
using HubPlatform.Validation.Onnx;
using HubPlatform.Validation.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Mirror.Tests;

/// <summary>
/// The validation job after a commit to a model repository, and its results through the Hub API and HubClient: pending
/// until the job has run, then what was read in each model file, under the repository's access rules.
/// </summary>
public sealed class ModelValidationTests : IAsyncLifetime
{
    private MirrorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await MirrorServer.StartAsync(o => o.RunWorker = false);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_committed_model_is_validated_by_the_worker_and_read_back_through_the_client()
    {
        var ct = TestContext.Current.CancellationToken;
        var graph = new GraphProto { Name = "classifier" };
        graph.Initializer.Add(TinyModels.Weight("embeddings", 1, 50, 8));
        graph.Initializer.Add(TinyModels.Weight("head", 1, 8, 2));
        graph.Input.Add(TinyModels.Value("input_ids", 7, "batch", "sequence"));
        graph.Output.Add(TinyModels.Value("logits", 1, "batch", 2));
        graph.Node.Add(TinyModels.Node("Gather", ["embeddings", "input_ids"], ["h"]));
        graph.Node.Add(TinyModels.Node("ReduceMean", ["h"], ["pooled"]));
        graph.Node.Add(TinyModels.Node("MatMul", ["pooled", "head"], ["logits"]));
        (await _server.CreateRepoAsync("classifier")).EnsureSuccessStatusCode();
        var config = """{"architectures":["BertForSequenceClassification"],"model_type":"bert","id2label":{"0":"NEG","1":"POS"}}"""u8.ToArray();
        (await _server.CommitAsync("acme/classifier", string.Join('\n', MirrorServer.Header("model"),
            MirrorServer.FileLine("onnx/model.onnx", TinyModels.Model(graph).ToByteArray()), MirrorServer.FileLine("config.json", config)))).EnsureSuccessStatusCode();
        using var client = HubClient.Create(new HubClientOptions { Endpoint = _server.Url, Token = _server.ReadToken, CacheDirectory = Path.Combine(_server.DataDirectory, "client-cache") });
        var id = RepoId.Parse("acme/classifier");

        var pending = await client.Models.ValidationAsync(id, cancellationToken: ct);
        var infoBefore = await client.Models.GetAsync(id, cancellationToken: ct);
        var worker = _server.Services.GetRequiredService<JobWorker>();
        while (await worker.RunOnceAsync(ct))
        {
        }

        var done = await client.Models.ValidationAsync(id, cancellationToken: ct);
        var info = await client.Models.GetAsync(id, cancellationToken: ct);

        Assert.Equal("pending", pending.Status);
        Assert.Empty(pending.Models);
        Assert.Equal(("done", pending.Commit), (done.Status, done.Commit));
        var model = Assert.Single(done.Models);
        Assert.Equal(("onnx/model.onnx", "onnx", 416L), (model.File, model.Format, model.Parameters.Total));
        Assert.Empty(model.Errors);
        Assert.Equal(("text-classification", false), (model.Task!.Name, model.Task.Verified));
        Assert.Equal("bert", model.Architecture!.ModelType);
        Assert.Null(model.Probe); // this server has no probe command configured
        Assert.Equal("pending", infoBefore.Validation!.Status);
        Assert.Equal(("done", "text-classification", false, 416L), (info.Validation!.Status, info.Validation.Task, info.Validation.Verified, info.Validation.Parameters));
        var raw = JsonNode.Parse(await _server.Http(_server.ReadToken).GetStringAsync($"/api/models/acme/classifier/validation/{done.Commit}", ct))!;
        Assert.Equal("done", raw["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_private_model_s_validation_is_hidden_like_the_model_and_a_dataset_has_none()
    {
        var ct = TestContext.Current.CancellationToken;
        (await _server.CreateRepoAsync("secret", isPrivate: true)).EnsureSuccessStatusCode();
        (await _server.CreateRepoAsync("data", type: "dataset")).EnsureSuccessStatusCode();
        using var outsider = _server.Http(_server.OutsiderToken);
        using var reader = _server.Http(_server.ReadToken);

        var hidden = await outsider.GetAsync("/api/models/acme/secret/validation", ct);
        var missing = await outsider.GetAsync("/api/models/acme/nothing-here/validation", ct);
        var dataset = await reader.GetAsync("/api/datasets/acme/data/validation", ct);
        var badRevision = await reader.GetAsync("/api/models/acme/secret/validation/no-such-branch", ct);

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(await hidden.Content.ReadAsStringAsync(ct), (await missing.Content.ReadAsStringAsync(ct)).Replace("nothing-here", "secret", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, dataset.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, badRevision.StatusCode);
        using var client = HubClient.Create(new HubClientOptions { Endpoint = _server.Url, Token = _server.OutsiderToken, CacheDirectory = Path.Combine(_server.DataDirectory, "outsider-cache") });
        await Assert.ThrowsAsync<RepositoryNotFoundException>(() => client.Models.ValidationAsync(RepoId.Parse("acme/secret"), cancellationToken: ct));
    }
}
