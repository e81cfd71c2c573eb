using System.Text.Json;
using HubPlatform.Client.Tests;
using HubPlatform.Validation.Onnx;
using HubPlatform.Validation.Tests;

namespace HubPlatform.Cli.Tests;

/// <summary><c>hub validate</c> on models on disk: its JSON, its text, and its exit codes.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly Dictionary<string, string> _env = [];

    public void Dispose() => _dir.Dispose();

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

        var run = await CliRun.RunAsync(_env, "validate", Path.Combine(_dir.Path, "repo"), "--json");

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

        var run = await CliRun.RunAsync(_env, "validate", path);
        var missing = await CliRun.RunAsync(_env, "validate", Path.Combine(_dir.Path, "nothing.onnx"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("ONNX IR 8, opset 17", run.Out, StringComparison.Ordinal);
        Assert.Contains("1,000 parameters (float16 1,000)", run.Out, StringComparison.Ordinal);
        Assert.Contains("output y: float16 [1000]", run.Out, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no such file or folder", missing.Error, StringComparison.Ordinal);
    }
}
