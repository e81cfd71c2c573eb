using HubPlatform.Validation.Onnx;
using static HubPlatform.Validation.Onnx.Tests.TinyModels;

namespace HubPlatform.Validation.Onnx.Tests;

/// <summary>The probe run in this process: synthetic inputs of the right types and shapes, outputs checked, failures said.</summary>
public sealed class OnnxProbeTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "onnx-probe-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Token_ids_masks_and_symbolic_dimensions_get_valid_values_and_the_outputs_come_back()
    {
        // A batch of one, eight tokens, every id under the vocabulary.
        var result = OnnxProbe.Run(Write(Model(IdsAndMask()), _folder), vocabularySize: 5);

        Assert.True(result.Ran, result.Error);
        Assert.Equal(["input_ids", "attention_mask"], result.Inputs.Select(i => i.Name));
        Assert.Equal("[1,8]", System.Text.Json.JsonSerializer.Serialize(result.Inputs[0].Shape));
        Assert.Equal("[1,8]", System.Text.Json.JsonSerializer.Serialize(result.Outputs[0].Shape));
    }

    [Fact]
    public void A_model_onnx_runtime_cannot_load_or_a_file_that_is_not_one_says_why()
    {
        var graph = new GraphProto { Name = "custom" };
        graph.Input.Add(Value("x", 1, 4));
        graph.Output.Add(Value("y", 1, 4));
        var node = Node("Frobnicate", ["x"], ["y"]);
        node.Domain = "com.example";
        graph.Node.Add(node);
        var model = Model(graph);
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.example", Version = 1 });
        Directory.CreateDirectory(_folder);
        var text = Path.Combine(_folder, "text.onnx");
        File.WriteAllText(text, "not a model");

        var custom = OnnxProbe.Run(Write(model, _folder, "custom.onnx"), null);
        var broken = OnnxProbe.Run(text, null);

        Assert.False(custom.Loaded);
        Assert.Contains("Frobnicate", custom.Error, StringComparison.Ordinal);
        Assert.False(broken.Loaded);
        Assert.StartsWith("ONNX Runtime could not load the model", broken.Error, StringComparison.Ordinal);
    }
}
