using System.Text.Json;
using HubPlatform.Client.Tests;
using HubPlatform.Validation.Onnx;
using HubPlatform.Validation.Onnx.Tests;

namespace HubPlatform.Cli.Tests;

/// <summary><c>hub validate</c> on models on disk: its JSON, its text, and its exit codes.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly Dictionary<string, string> _env = [];

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_file_on_the_command_line_is_given_to_the_child_started_as_hub_started()
    {
        var ct = TestContext.Current.CancellationToken;
        var model = TinyModels.Write(TinyModels.Model(TinyModels.IdsAndMask()), _dir.Path);
        await File.WriteAllTextAsync(Path.Combine(_dir.Path, "config.json"), """{"vocab_size": 7}""", ct);
        string[] args = ["validate", model, "--json"];
        using var early = ValidateCommand.EarlyProbe(args)!;
        using var output = new StringWriter();

        var code = await HubCli.RunAsync(args, new CliContext(output, TextWriter.Null, _ => null, interactive: false) { EarlyProbe = early }, ct);

        // One child in all: the command asked for the model the early child already had (same root, same vocabulary).
        Assert.Equal(0, code);
        Assert.Equal(1, early.ChildrenStarted);
        var result = JsonDocument.Parse(output.ToString()).RootElement[0];
        Assert.True(result.GetProperty("probe").GetProperty("ran").GetBoolean());
        Assert.Equal(model, result.GetProperty("file").GetString());
        Assert.Equal("[1,8]", result.GetProperty("probe").GetProperty("inputs")[0].GetProperty("shape").GetRawText());
    }

    [Fact]
    public async Task A_folder_of_models_prints_one_json_array_and_exits_1_when_one_failed()
    {
        var graph = new GraphProto { Name = "g" };
        graph.Initializer.Add(TinyModels.Weight("w", 1, 4, 3));
        graph.Input.Add(TinyModels.Value("x", 1, "batch", 4));
        graph.Output.Add(TinyModels.Value("y", 1, "batch", 3));
        graph.Node.Add(TinyModels.Node("MatMul", ["x", "w"], ["y"]));
        TinyModels.Write(TinyModels.Model(graph), Path.Combine(_dir.Path, "repo", "onnx"));
        await File.WriteAllTextAsync(Path.Combine(_dir.Path, "repo", "broken.onnx"), "not a model", TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync(_env, "validate", Path.Combine(_dir.Path, "repo"), "--json", "--no-run");

        Assert.Equal(1, run.ExitCode);
        var models = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(["broken.onnx", "onnx/model.onnx"], models.EnumerateArray().Select(m => m.GetProperty("file").GetString()));
        var model = models[1];
        Assert.Equal("onnx", model.GetProperty("format").GetString());
        Assert.Equal(8, model.GetProperty("irVersion").GetInt64());
        Assert.Equal(17, model.GetProperty("opsets").GetProperty("").GetInt64());
        Assert.Equal(12, model.GetProperty("parameters").GetProperty("total").GetInt64());
        Assert.Equal(12, model.GetProperty("parameters").GetProperty("byDtype").GetProperty("float32").GetInt64());
        Assert.Equal(1, model.GetProperty("ops").GetProperty("MatMul").GetInt64());
        Assert.Equal("""[{"name":"x","dtype":"float32","shape":["batch",4]}]""", model.GetProperty("inputs").GetRawText());
        Assert.Empty(model.GetProperty("errors").EnumerateArray());
        Assert.StartsWith("Not an ONNX model", models[0].GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_read_whole_exits_0_with_a_summary_and_a_missing_path_exits_2()
    {
        var graph = new GraphProto { Name = "g" };
        graph.Initializer.Add(TinyModels.Weight("w", 10, 1000));
        graph.Node.Add(TinyModels.Node("Relu", ["w"], ["y"]));
        graph.Output.Add(TinyModels.Value("y", 10, 1000));
        var path = TinyModels.Write(TinyModels.Model(graph), _dir.Path);

        var run = await CliRun.RunAsync(_env, "validate", path, "--no-run");
        var missing = await CliRun.RunAsync(_env, "validate", Path.Combine(_dir.Path, "nothing.onnx"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("ONNX IR 8, opset 17", run.Out, StringComparison.Ordinal);
        Assert.Contains("1,000 parameters (float16 1,000)", run.Out, StringComparison.Ordinal);
        Assert.Contains("output y: float16 [1000]", run.Out, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no such file or folder", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_model_is_loaded_and_run_in_a_child_process_and_one_that_cannot_load_fails_alone()
    {
        var add = new GraphProto { Name = "add" };
        add.Input.Add(TinyModels.Value("a", 1, "batch", 4));
        add.Input.Add(TinyModels.Value("b", 1, "batch", 4));
        add.Output.Add(TinyModels.Value("sum", 1, "batch", 4));
        add.Node.Add(TinyModels.Node("Add", ["a", "b"], ["sum"]));
        TinyModels.Write(TinyModels.Model(add), _dir.Path, "add.onnx");
        var custom = new GraphProto { Name = "custom" };
        custom.Input.Add(TinyModels.Value("x", 1, 4));
        custom.Output.Add(TinyModels.Value("y", 1, 4));
        var node = TinyModels.Node("Frobnicate", ["x"], ["y"]);
        node.Domain = "com.example";
        custom.Node.Add(node);
        var model = TinyModels.Model(custom);
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.example", Version = 1 });
        TinyModels.Write(model, _dir.Path, "custom.onnx");

        var run = await CliRun.RunAsync(_env, "validate", _dir.Path, "--json");

        Assert.Equal(1, run.ExitCode);
        var models = JsonDocument.Parse(run.Out).RootElement;
        var probe = models[0].GetProperty("probe");
        Assert.True(probe.GetProperty("loaded").GetBoolean());
        Assert.True(probe.GetProperty("ran").GetBoolean());
        Assert.Equal("""[{"name":"sum","dtype":"float32","shape":[1,4]}]""", probe.GetProperty("outputs").GetRawText());
        Assert.Empty(models[0].GetProperty("errors").EnumerateArray());
        Assert.False(models[1].GetProperty("probe").GetProperty("loaded").GetBoolean());
        Assert.Contains("ONNX Runtime could not load the model", models[1].GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("Frobnicate", models[1].GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--timeout", "0.001", "did not load and run within 0.001 s")]
    [InlineData("--memory", "1", "more than 1 MiB of memory")]
    public async Task A_child_that_runs_out_of_time_or_memory_is_stopped_and_its_model_failed(string option, string value, string reason)
    {
        var graph = new GraphProto { Name = "relu" };
        graph.Input.Add(TinyModels.Value("x", 1, 4));
        graph.Output.Add(TinyModels.Value("y", 1, 4));
        graph.Node.Add(TinyModels.Node("Relu", ["x"], ["y"]));
        var path = TinyModels.Write(TinyModels.Model(graph), _dir.Path);

        var run = await CliRun.RunAsync(_env, "validate", path, "--json", option, value);

        Assert.Equal(1, run.ExitCode);
        var model = JsonDocument.Parse(run.Out).RootElement[0];
        Assert.Contains(reason, model.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("its probe was stopped", model.GetProperty("probe").GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
