using HubPlatform.Validation.Onnx;

namespace HubPlatform.Validation.Tests;

/// <summary>
/// What the parent sees of a probe child that dies in native code or answers nonsense: the model failed with the reason,
/// and the call returns. A shell stands in for <c>hub validate-one</c>, for no model is known to crash ONNX Runtime itself.
/// </summary>
public class ChildProbeTests
{
    private static readonly ProbeLimits Limits = new(TimeSpan.FromSeconds(30), 512L * 1024 * 1024);

    [Theory]
    [InlineData("SEGV", 11)]
    [InlineData("ABRT", 6)]
    [InlineData("KILL", 9)]
    public async Task A_child_killed_by_a_signal_fails_its_model_with_the_signal(string signal, int number)
    {
        var probe = new ChildProbe("/bin/sh", ["-c", $"echo 'terminate called in native code' >&2; kill -{signal} $$", "sh"]);

        using var _ = probe;
        var result = await probe.RunAsync("/nowhere/model.onnx", null, Limits, TestContext.Current.CancellationToken);

        Assert.False(result.Loaded);
        Assert.False(result.Ran);
        Assert.Contains($"was killed by signal {number}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_child_that_answers_no_json_fails_its_model_with_its_last_error_line()
    {
        using var probe = new ChildProbe("/bin/sh", ["-c", "read line; echo 'not json'; echo 'first' >&2; echo 'Segmentation fault in MatMul' >&2; exit 3", "sh"]);

        var result = await probe.RunAsync("/nowhere/model.onnx", 50, Limits, TestContext.Current.CancellationToken);

        Assert.False(result.Loaded);
        Assert.Equal("The process loading the model exited with code 3: Segmentation fault in MatMul", result.Error);
    }

    [Fact]
    public async Task A_model_whose_external_data_lies_outside_its_folder_is_never_opened_by_the_probe()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("hubplatform-probe-").FullName;
        try
        {
            // This child answers only after its parent's "go", and leaves a mark that it was allowed to open the model.
            var mark = Path.Combine(folder, "opened");
            using var probe = new ChildProbe("/bin/sh", ["-c", $"IFS= read -r line; case \"$line\" in go*) ;; *) exit 0 ;; esac; echo \"$line\" > '{mark}'; echo '{{\"loaded\":true,\"ran\":true,\"outputs\":[]}}'", "sh"]);
            var graph = new GraphProto { Name = "g" };
            var tensor = TinyModels.Weight("w", 1, 4);
            tensor.DataLocation = TensorProto.Types.DataLocation.External;
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "../../etc/passwd" });
            graph.Initializer.Add(tensor);
            graph.Input.Add(TinyModels.Value("x", 1, 4));
            graph.Output.Add(TinyModels.Value("y", 1, 4));
            graph.Node.Add(TinyModels.Node("Add", ["x", "w"], ["y"]));
            var outside = TinyModels.Write(TinyModels.Model(graph), Path.Combine(folder, "bad"));
            graph.Initializer.Clear();
            graph.Initializer.Add(TinyModels.Weight("w", 1, 4));
            var fine = TinyModels.Write(TinyModels.Model(graph), Path.Combine(folder, "good"));

            var refused = await ModelValidator.ValidateAsync(outside, Path.GetDirectoryName(outside)!, "bad/model.onnx", probe, Limits, ct);
            Assert.False(File.Exists(mark));
            var loaded = await ModelValidator.ValidateAsync(fine, Path.GetDirectoryName(fine)!, "good/model.onnx", probe, Limits, ct);

            Assert.Null(refused.Probe);
            Assert.Contains(refused.Errors, e => e.Contains("outside the model's repository", StringComparison.Ordinal));
            Assert.Equal($"go\t{fine}\t", (await File.ReadAllTextAsync(mark, ct)).TrimEnd('\n'));
            Assert.True(loaded.Probe!.Loaded);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_warm_child_is_started_before_it_is_needed_and_each_model_gets_its_own()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("hubplatform-warm-").FullName;
        try
        {
            // Each child notes its pid and the model it was given.
            using var probe = new ChildProbe("/bin/sh", ["-c", $"IFS= read -r line; echo \"$$ $line\" >> '{folder}/log'; echo '{{\"loaded\":true,\"ran\":true,\"outputs\":[]}}'", "sh"]) { KeepWarm = true };
            probe.Warm();

            var first = await probe.RunAsync("/models/a.onnx", 10, Limits, ct, Task.FromResult(true));
            var second = await probe.RunAsync("/models/b.onnx", null, Limits, ct, Task.FromResult(true));

            Assert.True(first.Loaded && second.Loaded);
            var lines = await File.ReadAllLinesAsync(Path.Combine(folder, "log"), ct);
            Assert.Equal(2, lines.Length);
            Assert.EndsWith("go\t/models/a.onnx\t10", lines[0], StringComparison.Ordinal);
            Assert.EndsWith("go\t/models/b.onnx\t", lines[1], StringComparison.Ordinal);
            Assert.NotEqual(lines[0].Split(' ')[0], lines[1].Split(' ')[0]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
