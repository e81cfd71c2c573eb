using System.Text.Json.Nodes;
using static HubPlatform.Validation.Onnx.Tests.TinyModels;

namespace HubPlatform.Validation.Onnx.Tests;

/// <summary>
/// The child's side of the probe, run in this process: it waits for its go line, reads the model, and loads it only when
/// the read found it safe; other argument shapes are left to the caller.
/// </summary>
public sealed class ProbeChildTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("probe-child-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_child_waits_for_go_and_other_argument_shapes_are_not_its_own()
    {
        var ct = TestContext.Current.CancellationToken;
        var missing = Path.Combine(_folder, "absent", "model.onnx");
        using var refused = new StringWriter();

        Assert.Null(await ProbeChild.RunAsync(["validate-one"], TextWriter.Null, TextReader.Null, ct));
        Assert.Null(await ProbeChild.RunAsync(["validate-one", missing, "--bogus"], TextWriter.Null, TextReader.Null, ct));
        Assert.Null(await ProbeChild.RunAsync(["validate-one", missing, "--vocab-size"], TextWriter.Null, TextReader.Null, ct));
        Assert.Null(await ProbeChild.RunAsync(["validate", missing], TextWriter.Null, TextReader.Null, ct));
        Assert.Null(await ProbeChild.RunAsync(["validate-one", missing, "--wait"], TextWriter.Null, TextReader.Null, ct));
        Assert.Equal(0, await ProbeChild.RunAsync(["validate-one", "--wait"], refused, new StringReader("stop\n"), ct));
        Assert.Equal(0, await ProbeChild.RunAsync(["validate-one", "--wait"], refused, new StringReader($"go\t{missing}\t50\n"), ct));
        Assert.Equal(0, await ProbeChild.RunAsync(["validate-one", "--wait"], refused, new StringReader($"go\t{missing}\t50\t{_folder}\tmany\n"), ct));

        Assert.Empty(refused.ToString());
    }

    [Fact]
    public async Task A_model_is_read_then_loaded_and_run_and_each_answer_has_its_line()
    {
        var ct = TestContext.Current.CancellationToken;
        var model = Write(Model(ExternalAdd("w.bin")), Path.Combine(_folder, "repo", "onnx"));
        await File.WriteAllBytesAsync(Path.Combine(_folder, "repo", "onnx", "w.bin"), new byte[16], ct);
        using var output = new StringWriter();

        var code = await ProbeChild.RunAsync(["validate-one", "--wait"], output, new StringReader($"go\t{model}\t\t{Path.Combine(_folder, "repo")}\t1\n"), ct);

        Assert.Equal(0, code);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var read = JsonNode.Parse(lines[0])!;
        Assert.Equal(4, read["parameters"]!["total"]!.GetValue<long>());
        Assert.Equal(16 + new FileInfo(model).Length, read["sizeBytes"]!.GetValue<long>());
        Assert.True(JsonNode.Parse(lines[1])!["ran"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("../../secret.bin")]
    [InlineData("/etc/hostname")]
    public async Task A_model_whose_external_data_leaves_its_root_is_read_and_never_loaded(string location)
    {
        var ct = TestContext.Current.CancellationToken;

        // The data it names exists, so a load would succeed: only the read can have stopped it.
        await File.WriteAllBytesAsync(Path.Combine(_folder, "secret.bin"), new byte[16], ct);
        var model = Write(Model(ExternalAdd(location)), Path.Combine(_folder, "repo", "onnx"));
        using var waited = new StringWriter();
        using var direct = new StringWriter();

        await ProbeChild.RunAsync(["validate-one", "--wait"], waited, new StringReader($"go\t{model}\t\t{Path.Combine(_folder, "repo")}\t1\n"), ct);
        await ProbeChild.RunAsync(["validate-one", model, "--root", Path.Combine(_folder, "repo"), "--threads", "2"], direct, TextReader.Null, ct);

        foreach (var answer in new[] { waited.ToString(), direct.ToString() })
        {
            var lines = answer.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.Contains("outside the model's repository", JsonNode.Parse(lines[0])!["errors"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }
}
