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

        var result = await probe.RunAsync("/nowhere/model.onnx", null, Limits, TestContext.Current.CancellationToken);

        Assert.False(result.Loaded);
        Assert.False(result.Ran);
        Assert.Contains($"was killed by signal {number}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_child_that_answers_no_json_fails_its_model_with_its_last_error_line()
    {
        var probe = new ChildProbe("/bin/sh", ["-c", "echo 'not json'; echo 'first' >&2; echo 'Segmentation fault in MatMul' >&2; exit 3", "sh"]);

        var result = await probe.RunAsync("/nowhere/model.onnx", 50, Limits, TestContext.Current.CancellationToken);

        Assert.False(result.Loaded);
        Assert.Equal("The process loading the model exited with code 3: Segmentation fault in MatMul", result.Error);
    }
}
