using System.Net;
using System.Text.Json.Nodes;
using Google.Protobuf;
using HubPlatform.Cards;
using HubPlatform.Client;
using HubPlatform.Client.Errors;
using HubPlatform.Hub;
using HubPlatform.Storage;
using HubPlatform.Validation.Onnx;
using HubPlatform.Validation.Onnx.Tests;
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
        (await _server.CreateRepoAsync("classifier")).EnsureSuccessStatusCode();
        var config = """{"architectures":["BertForSequenceClassification"],"model_type":"bert","id2label":{"0":"NEG","1":"POS"}}"""u8.ToArray();
        (await _server.CommitAsync("acme/classifier", string.Join('\n', MirrorServer.Header("model"),
            MirrorServer.FileLine("onnx/model.onnx", Classifier("classifier")), MirrorServer.FileLine("config.json", config)))).EnsureSuccessStatusCode();
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

    private static byte[] Classifier(string name)
    {
        var graph = new GraphProto { Name = name };
        graph.Initializer.Add(TinyModels.Weight("embeddings", 1, 50, 8));
        graph.Initializer.Add(TinyModels.Weight("head", 1, 8, 2));
        graph.Input.Add(TinyModels.Value("input_ids", 7, "batch", "sequence"));
        graph.Output.Add(TinyModels.Value("logits", 1, "batch", 2));
        graph.Node.Add(TinyModels.Node("Gather", ["embeddings", "input_ids"], ["h"]));
        graph.Node.Add(TinyModels.Node("ReduceMean", ["h"], ["pooled"]));
        graph.Node.Add(TinyModels.Node("MatMul", ["pooled", "head"], ["logits"]));
        return TinyModels.Model(graph).ToByteArray();
    }

    private async Task<(JsonNode Validation, string? JobResult)> ValidateAsync(string repo, CancellationToken ct)
    {
        var worker = _server.Services.GetRequiredService<JobWorker>();
        while (await worker.RunOnceAsync(ct))
        {
        }

        await using var scope = _server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var result = db.Jobs.Where(j => j.Kind == HubPlatform.Validation.ModelValidationJob.JobKind).OrderByDescending(j => j.Id).Select(j => j.Result).FirstOrDefault();
        return (JsonNode.Parse(await _server.Http(_server.ReadToken).GetStringAsync($"/api/models/{repo}/validation", ct))!, result);
    }

    private static string[] Codes(JsonNode validation) =>
        [.. validation["findings"]!.AsArray().Select(f => f!["code"]!.GetValue<string>()).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_later_commit_validates_again_only_the_models_it_touched_and_holds_the_card_against_them()
    {
        var ct = TestContext.Current.CancellationToken;
        (await _server.CreateRepoAsync("pair")).EnsureSuccessStatusCode();
        var config = """{"model_type":"bert","id2label":{"0":"NEG","1":"POS"}}"""u8.ToArray();
        var card = "---\nlibrary_name: transformers\nnum_parameters: 999\nlabels: [NEG, POS, NEUTRAL]\n---\n# pair\n"u8.ToArray();
        (await _server.CommitAsync("acme/pair", string.Join('\n', MirrorServer.Header("two models"),
            MirrorServer.FileLine("onnx/model.onnx", Classifier("a")), MirrorServer.FileLine("other/model.onnx", Classifier("b")),
            MirrorServer.FileLine("config.json", config), MirrorServer.FileLine("README.md", card)))).EnsureSuccessStatusCode();

        var (first, firstJob) = await ValidateAsync("acme/pair", ct);

        Assert.Equal(2, first["models"]!.AsArray().Count);
        Assert.Contains("2 validated, 0 unchanged", firstJob, StringComparison.Ordinal);
        Assert.Equal([CardCodes.LabelsMismatch, CardCodes.LibraryUnsupported, CardCodes.ParameterCountMismatch], Codes(first));
        var labels = first["findings"]!.AsArray().First(f => f!["code"]!.GetValue<string>() == CardCodes.LabelsMismatch)!;
        Assert.Equal(4, labels["line"]!.GetValue<int>());
        Assert.Contains("'NEUTRAL'", labels["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var fixedCard = "---\nlibrary_name: onnx\nnum_parameters: 416\nlabels: [NEG, POS]\n---\n# pair\n"u8.ToArray();
        (await _server.CommitAsync("acme/pair", string.Join('\n', MirrorServer.Header("change one"),
            MirrorServer.FileLine("other/model.onnx", Classifier("b2")), MirrorServer.FileLine("README.md", fixedCard)))).EnsureSuccessStatusCode();
        var (second, secondJob) = await ValidateAsync("acme/pair", ct);

        Assert.Contains("1 validated, 1 unchanged", secondJob, StringComparison.Ordinal);
        Assert.Equal(["onnx/model.onnx", "other/model.onnx"], second["models"]!.AsArray().Select(m => m!["file"]!.GetValue<string>()));
        Assert.Empty(Codes(second));

        (await _server.CommitAsync("acme/pair", MirrorServer.Header("drop one") + "\n" + """{"key":"deletedFile","value":{"path":"other/model.onnx"}}""")).EnsureSuccessStatusCode();
        var (third, thirdJob) = await ValidateAsync("acme/pair", ct);
        Assert.Contains("0 validated, 1 unchanged", thirdJob, StringComparison.Ordinal);
        Assert.Equal("onnx/model.onnx", Assert.Single(third["models"]!.AsArray())!["file"]!.GetValue<string>());

        // The root config.json is read by every model: changing it validates them again.
        (await _server.CommitAsync("acme/pair", string.Join('\n', MirrorServer.Header("relabel"),
            MirrorServer.FileLine("config.json", """{"model_type":"bert","id2label":{"0":"BAD","1":"GOOD"}}"""u8.ToArray())))).EnsureSuccessStatusCode();
        var (fourth, fourthJob) = await ValidateAsync("acme/pair", ct);
        Assert.Contains("1 validated, 0 unchanged", fourthJob, StringComparison.Ordinal);
        Assert.Equal([CardCodes.LabelsMismatch], Codes(fourth));
        var summary = JsonNode.Parse(await _server.Http(_server.ReadToken).GetStringAsync("/api/models/acme/pair", ct))!["validation"]!;
        Assert.Equal(1, summary["findings"]!.GetValue<int>());
        Assert.Null(summary["taskAgrees"]);

        // Commits in a burst: the first one's job is superseded, and the last starts from the newest validated ancestor.
        (await _server.CommitAsync("acme/pair", string.Join('\n', MirrorServer.Header("notes 1"), MirrorServer.FileLine("notes/a.txt", "a"u8.ToArray())))).EnsureSuccessStatusCode();
        (await _server.CommitAsync("acme/pair", string.Join('\n', MirrorServer.Header("notes 2"), MirrorServer.FileLine("notes/b.txt", "b"u8.ToArray())))).EnsureSuccessStatusCode();
        var (_, burstJob) = await ValidateAsync("acme/pair", ct);
        Assert.Contains("0 validated, 1 unchanged", burstJob, StringComparison.Ordinal);
        await using var scope = _server.Services.CreateAsyncScope();
        var statuses = scope.ServiceProvider.GetRequiredService<HubDbContext>().Jobs.Where(j => j.Kind == HubPlatform.Validation.ModelValidationJob.JobKind)
            .OrderByDescending(j => j.Id).Take(2).Select(j => j.Status).ToList();
        Assert.Equal([JobQueue.Done, JobQueue.Superseded], statuses);
    }

    [Fact]
    public async Task Listings_filter_on_the_validated_task_of_the_default_branch_and_on_verified_under_the_access_rules()
    {
        var ct = TestContext.Current.CancellationToken;
        (await _server.CreateRepoAsync("found")).EnsureSuccessStatusCode();
        (await _server.CreateRepoAsync("hidden", isPrivate: true)).EnsureSuccessStatusCode();
        (await _server.CreateRepoAsync("plain")).EnsureSuccessStatusCode();
        foreach (var repo in new[] { "acme/found", "acme/hidden" })
        {
            (await _server.CommitAsync(repo, string.Join('\n', MirrorServer.Header("model"), MirrorServer.FileLine("model.onnx", Classifier("c"))))).EnsureSuccessStatusCode();
        }

        (await _server.CommitAsync("acme/plain", string.Join('\n', MirrorServer.Header("text"), MirrorServer.FileLine("notes.txt", "x"u8.ToArray())))).EnsureSuccessStatusCode();
        await ValidateAsync("acme/found", ct);

        async Task<string[]> ListAsync(string token, string query) =>
            [.. JsonNode.Parse(await _server.Http(token).GetStringAsync("/api/models?" + query, ct))!.AsArray().Select(m => m!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal)];

        Assert.Equal(["acme/found", "acme/hidden"], await ListAsync(_server.WriteToken, "validated_task=text-classification"));
        Assert.Equal(["acme/found"], await ListAsync(_server.OutsiderToken, "validated_task=text-classification"));
        Assert.Empty(await ListAsync(_server.WriteToken, "validated_task=image-classification"));

        // No probe runs in this server, so nothing is verified.
        Assert.Empty(await ListAsync(_server.WriteToken, "filter=verified"));
        Assert.Equal(3, (await ListAsync(_server.WriteToken, "author=acme")).Length);
    }

    [Fact]
    public async Task A_probe_that_dies_in_native_code_fails_its_model_and_the_worker_goes_on_to_the_next()
    {
        var ct = TestContext.Current.CancellationToken;

        // A shell that kills itself stands in for an ONNX Runtime crash in the probe child. It dies before it has said
        // anything of the file, so what is known of each model is its size, from the file system.
        // It notes the line it was given first: the job's threads setting reaches the child.
        var log = Path.Combine(Path.GetTempPath(), "hubplatform-crash-" + Guid.NewGuid().ToString("N"));
        await using var server = new MirrorServer
        {
            Configure = o => o.RunWorker = false,
            Arguments = ["--Validation:ProbeCommand:0=/bin/sh", "--Validation:ProbeCommand:1=-c", $"--Validation:ProbeCommand:2=IFS= read -r line; echo \"$line\" >> '{log}'; kill -SEGV $$", "--Validation:ProbeCommand:3=sh", "--Validation:ProbeThreads=3"],
        };
        await server.InitializeAsync();
        (await server.CreateRepoAsync("crash")).EnsureSuccessStatusCode();
        (await server.CommitAsync("acme/crash", string.Join('\n', MirrorServer.Header("two"),
            MirrorServer.FileLine("a.onnx", Classifier("a")), MirrorServer.FileLine("b.onnx", Classifier("b"))))).EnsureSuccessStatusCode();

        var worker = server.Services.GetRequiredService<JobWorker>();
        while (await worker.RunOnceAsync(ct))
        {
        }

        var validation = JsonNode.Parse(await server.Http(server.ReadToken).GetStringAsync("/api/models/acme/crash/validation", ct))!;
        Assert.Equal("done", validation["status"]!.GetValue<string>());
        Assert.Equal(2, validation["models"]!.AsArray().Count);
        foreach (var model in validation["models"]!.AsArray())
        {
            Assert.Contains("killed by signal 11", model!["errors"]![0]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.False(model["probe"]!["loaded"]!.GetValue<bool>());
            Assert.Equal(Classifier(model["file"]!.GetValue<string>()[..1]).Length, model["sizeBytes"]!.GetValue<long>());
        }

        // The worker's probe lives on between jobs with a child waiting: each model's child had been started before it (the
        // first one as the job began), and one more waits. The next commit's first model goes to the child that was waiting,
        // so there too every child started but one was given a model.
        var probe = server.Services.GetRequiredService<HubPlatform.Validation.WorkerProbe>().Probe!;
        Assert.Equal(3, probe.ChildrenStarted);
        (await server.CommitAsync("acme/crash", string.Join('\n', MirrorServer.Header("three"), MirrorServer.FileLine("c.onnx", Classifier("c"))))).EnsureSuccessStatusCode();
        while (await worker.RunOnceAsync(ct))
        {
        }

        var lines = await File.ReadAllLinesAsync(log, ct);
        File.Delete(log);
        Assert.True(lines.Length > 2);
        Assert.Equal(lines.Length + 1, probe.ChildrenStarted);
        Assert.All(lines, l => Assert.EndsWith("\t3", l, StringComparison.Ordinal));
    }
}
