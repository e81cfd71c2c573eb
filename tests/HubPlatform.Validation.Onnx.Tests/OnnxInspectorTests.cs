using Google.Protobuf;
using HubPlatform.Validation.Onnx;
using static HubPlatform.Validation.Onnx.Tests.TinyModels;

namespace HubPlatform.Validation.Onnx.Tests;

/// <summary>What the inspector reads from models the tests build: parameters wherever they hide, shapes, operators, sizes, and bad files.</summary>
public sealed class OnnxInspectorTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "onnx-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_bert_like_classifier_reports_parameters_by_type_operators_and_symbolic_shapes()
    {
        var graph = new GraphProto { Name = "bert" };
        graph.Initializer.Add(Weight("embeddings", 1, 100, 16));
        graph.Initializer.Add(Weight("dense.weight", 1, 16, 16));
        graph.Initializer.Add(Weight("dense.bias", 1, 16));
        graph.Initializer.Add(Weight("ln.weight", 1, 16));
        graph.Initializer.Add(Weight("ln.bias", 1, 16));
        graph.Initializer.Add(Weight("classifier.weight", 10, 16, 2));
        graph.Initializer.Add(Weight("position_ids", 7, 1, 128));
        graph.Input.Add(Value("input_ids", 7, "batch", "sequence"));
        graph.Input.Add(Value("attention_mask", 7, "batch", "sequence"));
        graph.Input.Add(Value("embeddings", 1, 100, 16)); // listed as an input, as IR 3 exporters did
        graph.Output.Add(Value("logits", 1, "batch", 2));
        graph.Node.Add(Node("Gather", ["embeddings", "input_ids"], ["h0"]));
        graph.Node.Add(Node("MatMul", ["h0", "dense.weight"], ["h1"]));
        graph.Node.Add(Node("Add", ["h1", "dense.bias"], ["h2"]));
        graph.Node.Add(Node("LayerNormalization", ["h2", "ln.weight", "ln.bias"], ["h3"]));
        graph.Node.Add(Node("MatMul", ["h3", "classifier.weight"], ["logits"]));
        var model = Model(graph);
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.microsoft", Version = 1 });
        var path = Write(model, _folder);

        var result = OnnxInspector.Inspect(path, _folder, "model.onnx");

        Assert.Empty(result.Errors);
        Assert.Equal("onnx", result.Format);
        Assert.Equal(8, result.IrVersion);
        Assert.Equal(new Dictionary<string, long> { [""] = 17, ["com.microsoft"] = 1 }, result.Opsets);
        Assert.Equal(("hubplatform-tests", "1.0"), (result.Producer!.Name, result.Producer.Version));
        Assert.Equal(new FileInfo(path).Length, result.SizeBytes);
        Assert.Equal(1600 + 256 + 16 + 16 + 16 + 32 + 128, result.Parameters.Total);
        Assert.Equal(new Dictionary<string, long> { ["float32"] = 1904, ["float16"] = 32, ["int64"] = 128 }, result.Parameters.ByDtype);
        Assert.Equal(new Dictionary<string, long> { ["float32"] = 1904 * 4, ["float16"] = 64, ["int64"] = 1024 }, result.Parameters.BytesByDtype);
        Assert.Equal(new Dictionary<string, long> { ["Gather"] = 1, ["MatMul"] = 2, ["Add"] = 1, ["LayerNormalization"] = 1 }, result.Ops);
        Assert.Equal(["input_ids", "attention_mask"], result.Inputs.Select(i => i.Name));
        Assert.Equal("""["batch","sequence"]""", System.Text.Json.JsonSerializer.Serialize(result.Inputs[0].Shape));
        Assert.Equal("int64", result.Inputs[0].Dtype);
        Assert.Equal("""["batch",2]""", System.Text.Json.JsonSerializer.Serialize(result.Outputs[0].Shape));
    }

    [Fact]
    public void Weights_in_constant_nodes_sparse_initializers_and_if_branches_are_counted()
    {
        var thenBranch = new GraphProto { Name = "then" };
        thenBranch.Node.Add(Node("Constant", [], ["c2"], new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = Weight("c2", 1, 5) }));
        thenBranch.Initializer.Add(Weight("w_then", 1, 3));
        thenBranch.Output.Add(Value("c2", 1, 5));
        var elseBranch = new GraphProto { Name = "else" };
        elseBranch.Node.Add(Node("Constant", [], ["c3"], new AttributeProto { Name = "value_floats", Type = AttributeProto.Types.AttributeType.Floats, Floats = { 1f, 2f } }));
        elseBranch.Output.Add(Value("c3", 1, 2));
        var graph = new GraphProto { Name = "main" };
        graph.Node.Add(Node("Constant", [], ["c1"], new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = Weight("c1", 1, 3, 4) }));
        graph.Node.Add(Node("Constant", [], ["k"], new AttributeProto { Name = "value_int", Type = AttributeProto.Types.AttributeType.Int, I = 3 }));
        graph.Node.Add(Node("If", ["cond"], ["out"],
            new AttributeProto { Name = "then_branch", Type = AttributeProto.Types.AttributeType.Graph, G = thenBranch },
            new AttributeProto { Name = "else_branch", Type = AttributeProto.Types.AttributeType.Graph, G = elseBranch }));
        graph.SparseInitializer.Add(new SparseTensorProto { Values = Weight("sparse", 1, 4), Indices = Weight("idx", 7, 4), Dims = { 10, 10 } });
        graph.Input.Add(Value("cond", 9));
        graph.Output.Add(Value("out", 1, "n"));

        var result = OnnxInspector.Inspect(Write(Model(graph), _folder), _folder, "model.onnx");

        Assert.Empty(result.Errors);
        Assert.Equal(12 + 1 + 5 + 3 + 2 + 100, result.Parameters.Total);
        Assert.Equal(new Dictionary<string, long> { ["float32"] = 122, ["int64"] = 1 }, result.Parameters.ByDtype);
        Assert.Equal(new Dictionary<string, long> { ["Constant"] = 4, ["If"] = 1 }, result.Ops);
    }

    [Fact]
    public void External_data_is_measured_inside_the_repository_and_refused_outside_it()
    {
        var repo = Path.Combine(_folder, "repo");
        Directory.CreateDirectory(Path.Combine(repo, "onnx"));
        File.WriteAllBytes(Path.Combine(repo, "onnx", "model.onnx_data"), new byte[4096]);
        File.WriteAllBytes(Path.Combine(_folder, "secret.bin"), new byte[7]);
        var graph = new GraphProto { Name = "external" };
        graph.Initializer.Add(External("inside", "model.onnx_data", 32, 32));
        graph.Initializer.Add(External("again", "model.onnx_data", 4));
        graph.Initializer.Add(External("climbs", "../../secret.bin", 1));
        graph.Initializer.Add(External("absolute", Path.Combine(_folder, "secret.bin"), 1));
        graph.Initializer.Add(External("missing", "gone.bin", 1));
        var path = Write(Model(graph), Path.Combine(repo, "onnx"));

        var result = OnnxInspector.Inspect(path, repo, "onnx/model.onnx");

        Assert.Equal(new FileInfo(path).Length + 4096, result.SizeBytes);
        Assert.Equal(1024 + 4 + 1 + 1 + 1, result.Parameters.Total);
        Assert.Equal(3, result.Errors.Count);
        Assert.Contains(result.Errors, e => e.Contains("'../../secret.bin', outside the model's repository", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("outside the model's repository", StringComparison.Ordinal) && e.Contains("absolute", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("'gone.bin' of tensor 'missing' is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void A_graph_of_fifty_thousand_nodes_is_read_whole()
    {
        var graph = new GraphProto { Name = "long" };
        graph.Input.Add(Value("x0", 1, 4));
        for (var i = 0; i < 50_000; i++)
        {
            graph.Node.Add(Node("Relu", [$"x{i}"], [$"x{i + 1}"]));
        }

        graph.Output.Add(Value("x50000", 1, 4));

        var result = OnnxInspector.Inspect(Write(Model(graph), _folder), _folder, "model.onnx");

        Assert.Empty(result.Errors);
        Assert.Equal(50_000, result.Ops["Relu"]);
        Assert.Equal(0, result.Parameters.Total);
    }

    [Fact]
    public void Bad_files_fail_with_their_reason_and_nothing_throws()
    {
        var graph = new GraphProto { Name = "g" };
        graph.Initializer.Add(Weight("w", 1, 1024, 1024));
        graph.Node.Add(Node("MatMul", ["x", "w"], ["y"]));
        var valid = Model(graph).ToByteArray();
        Directory.CreateDirectory(_folder);
        var truncated = Path.Combine(_folder, "truncated.onnx");
        File.WriteAllBytes(truncated, valid[..(valid.Length / 2)]);
        var text = Path.Combine(_folder, "text.onnx");
        File.WriteAllText(text, "this is not a model, it is a sentence.\n");
        var negative = new GraphProto { Name = "neg" };
        negative.Initializer.Add(Weight("w", 1, 4, -2));
        negative.Input.Add(Value("x", 1, -1, 4));
        var huge = new GraphProto { Name = "huge" };
        huge.Initializer.Add(Weight("w", 1, long.MaxValue / 2, 4));

        var results = new[]
        {
            OnnxInspector.Inspect(truncated, _folder, "truncated.onnx"),
            OnnxInspector.Inspect(text, _folder, "text.onnx"),
            OnnxInspector.Inspect(Write(Model(negative), _folder, "negative.onnx"), _folder, "negative.onnx"),
            OnnxInspector.Inspect(Write(Model(huge), _folder, "huge.onnx"), _folder, "huge.onnx"),
            OnnxInspector.Inspect(Path.Combine(_folder, "absent.onnx"), _folder, "absent.onnx"),

            // A folder where a file should be: opening it is refused as access, not as input or output.
            OnnxInspector.Inspect(Directory.CreateDirectory(Path.Combine(_folder, "folder.onnx")).FullName, _folder, "folder.onnx"),
        };

        Assert.StartsWith("Not an ONNX model", Assert.Single(results[0].Errors), StringComparison.Ordinal);
        Assert.StartsWith("Not an ONNX model", Assert.Single(results[1].Errors), StringComparison.Ordinal);
        Assert.Equal(["Tensor 'w' has a negative dimension (-2).", "'x' has a negative dimension (-1)."], results[2].Errors);
        Assert.Contains("more elements than can be counted", Assert.Single(results[3].Errors), StringComparison.Ordinal);
        Assert.Contains("cannot be read", Assert.Single(results[4].Errors), StringComparison.Ordinal);
        Assert.Contains("cannot be read", Assert.Single(results[5].Errors), StringComparison.Ordinal);
    }

    private static TensorProto External(string name, string location, params long[] dims)
    {
        var tensor = Weight(name, 1, dims);
        tensor.DataLocation = TensorProto.Types.DataLocation.External;
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        return tensor;
    }
}
