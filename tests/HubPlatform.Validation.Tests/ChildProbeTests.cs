using HubPlatform.Validation.Onnx;
using HubPlatform.Validation.Onnx.Tests;

namespace HubPlatform.Validation.Tests;

/// <summary>
/// What the parent sees of a probe child that dies in native code or answers nonsense: the model failed with the reason,
/// and the call returns. A shell stands in for <c>hub-probe</c>, for no model is known to crash ONNX Runtime itself; the
/// real hub-probe, built beside these tests, answers the last tests.
/// </summary>
public sealed class ChildProbeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hubplatform-probe-").FullName;

    private const string Read = """{"file":"model.onnx","format":"onnx","irVersion":8,"sizeBytes":12}""";
    private static readonly ProbeLimits Limits = new(TimeSpan.FromSeconds(30), 512L * 1024 * 1024);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("SEGV", 11)]
    [InlineData("ABRT", 6)]
    [InlineData("KILL", 9)]
    public async Task A_child_killed_by_a_signal_fails_its_model_with_the_signal(string signal, int number)
    {
        var probe = new ChildProbe("/bin/sh", ["-c", $"echo 'terminate called in native code' >&2; kill -{signal} $$", "sh"]);

        using var _ = probe;
        var answer = await probe.RunAsync("/nowhere/model.onnx", "/nowhere", null, Limits, TestContext.Current.CancellationToken);

        Assert.Null(answer.Read);
        Assert.False(answer.Probe!.Loaded);
        Assert.False(answer.Probe.Ran);
        Assert.Contains($"was killed by signal {number}", answer.Probe.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_child_that_crashes_after_its_read_keeps_the_read_and_fails_the_load()
    {
        using var probe = new ChildProbe("/bin/sh", ["-c", $"read line; echo '{Read}'; echo 'Segmentation fault in Conv' >&2; kill -SEGV $$", "sh"]);

        var answer = await probe.RunAsync("/nowhere/model.onnx", "/nowhere", null, Limits, TestContext.Current.CancellationToken);

        Assert.Equal(8, answer.Read!.IrVersion);
        Assert.Equal("The process loading the model was killed by signal 11: Segmentation fault in Conv", answer.Probe!.Error);
    }

    [Fact]
    public async Task A_child_that_answers_no_json_fails_its_model_with_its_last_error_line()
    {
        using var probe = new ChildProbe("/bin/sh", ["-c", "read line; echo 'not json'; echo 'first' >&2; echo 'Segmentation fault in MatMul' >&2; exit 3", "sh"]);

        var answer = await probe.RunAsync("/nowhere/model.onnx", "/nowhere", 50, Limits, TestContext.Current.CancellationToken);

        Assert.Null(answer.Read);
        Assert.False(answer.Probe!.Loaded);
        Assert.Equal("The process loading the model exited with code 3: Segmentation fault in MatMul", answer.Probe.Error);
    }

    [Fact]
    public async Task A_child_that_reads_and_does_not_load_answers_the_read_alone()
    {
        using var probe = new ChildProbe("/bin/sh", ["-c", $"read line; echo '{Read}'", "sh"]);

        var answer = await probe.RunAsync("/nowhere/model.onnx", "/nowhere", null, Limits, TestContext.Current.CancellationToken);

        Assert.Equal(12, answer.Read!.SizeBytes);
        Assert.Null(answer.Probe);
    }

    [Fact]
    public async Task A_path_the_go_line_cannot_carry_is_refused_without_a_child()
    {
        using var probe = new ChildProbe("/bin/sh", ["-c", "read line; echo started >&2; exit 9", "sh"]);

        var answer = await probe.RunAsync("/models/a\nb.onnx", "/models", null, Limits, TestContext.Current.CancellationToken);

        Assert.Null(answer.Read);
        Assert.Contains("tab or a line break", answer.Probe!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_warm_child_is_started_before_it_is_needed_and_each_model_gets_its_own()
    {
        var ct = TestContext.Current.CancellationToken;
        // Each child notes its pid and the model it was given.
        using var probe = new ChildProbe("/bin/sh", ["-c", $"IFS= read -r line; echo \"$$ $line\" >> '{_folder}/log'; echo '{Read}'; echo '{{\"loaded\":true,\"ran\":true,\"outputs\":[]}}'", "sh"]) { KeepWarm = true, Threads = 1 };
        probe.Warm();

        var first = await probe.RunAsync("/models/a.onnx", "/models", 10, Limits, ct);
        var second = await probe.RunAsync("/models/b.onnx", "/models", null, Limits, ct);

        Assert.True(first.Probe!.Loaded && second.Probe!.Loaded);
        var lines = await File.ReadAllLinesAsync(Path.Combine(_folder, "log"), ct);
        Assert.Equal(2, lines.Length);
        Assert.EndsWith("go\t/models/a.onnx\t10\t/models\t1", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("go\t/models/b.onnx\t\t/models\t1", lines[1], StringComparison.Ordinal);
        Assert.NotEqual(lines[0].Split(' ')[0], lines[1].Split(' ')[0]);
    }

    [Fact]
    public async Task A_child_given_its_model_early_answers_for_it_and_another_model_gets_a_child_of_its_own()
    {
        var ct = TestContext.Current.CancellationToken;
        using var probe = new ChildProbe("/bin/sh", ["-c", $"IFS= read -r line; echo \"$$ $line\" >> '{_folder}/log'; echo '{Read}'; echo '{{\"loaded\":true,\"ran\":true,\"outputs\":[]}}'", "sh"]);

        probe.Warm("/models/a.onnx", "/models", 10);
        var early = await probe.RunAsync("/models/a.onnx", "/models", 10, Limits, ct);
        probe.Warm("/models/a.onnx", "/models", 10);
        var other = await probe.RunAsync("/models/b.onnx", "/models", null, Limits, ct);

        Assert.True(early.Probe!.Ran && other.Probe!.Ran);
        var lines = await File.ReadAllLinesAsync(Path.Combine(_folder, "log"), ct);
        // The first model's child answered once; the one given it early for nothing may or may not have noted it before
        // it was stopped; the second model had a child of its own.
        Assert.EndsWith("go\t/models/a.onnx\t10\t/models\t0", lines[0], StringComparison.Ordinal);
        Assert.Single(lines, l => l.EndsWith("go\t/models/b.onnx\t\t/models\t0", StringComparison.Ordinal));
        Assert.InRange(lines.Length, 2, 3);
    }

    [Fact]
    public async Task Hub_probe_is_found_beside_the_program_and_reads_runs_or_refuses_models()
    {
        var ct = TestContext.Current.CancellationToken;
        var command = ProbeProgram.In(AppContext.BaseDirectory);
        Assert.NotNull(command);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "hub-probe"), command[0]);
        Assert.Null(ProbeProgram.In(_folder));
        using var probe = new ChildProbe(command[0], [.. command.Skip(1)]) { KeepWarm = true };

        var outside = TinyModels.Write(TinyModels.Model(TinyModels.ExternalAdd("../../etc/passwd")), Path.Combine(_folder, "bad"));
        var fine = TinyModels.Write(TinyModels.Model(TinyModels.ExternalAdd("w.bin")), Path.Combine(_folder, "good"));
        await File.WriteAllBytesAsync(Path.Combine(_folder, "good", "w.bin"), new byte[16], ct);

        var refused = await ModelValidator.ValidateAsync(outside, Path.GetDirectoryName(outside)!, "bad/model.onnx", probe, Limits, ct);
        var loaded = await ModelValidator.ValidateAsync(fine, Path.GetDirectoryName(fine)!, "good/model.onnx", probe, Limits, ct);

        // Refused by the child's own read, before ONNX Runtime saw it: no probe at all.
        Assert.Equal("bad/model.onnx", refused.File);
        Assert.Null(refused.Probe);
        Assert.Contains(refused.Errors, e => e.Contains("outside the model's repository", StringComparison.Ordinal));
        Assert.Equal("good/model.onnx", loaded.File);
        Assert.Equal(4, loaded.Parameters!.Total);
        Assert.True(loaded.Probe!.Ran);
        Assert.Empty(loaded.Errors);
    }
}
