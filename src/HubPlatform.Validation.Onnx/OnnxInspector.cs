using System.Text.Json.Nodes;
using Google.Protobuf;
using HubPlatform.Hub.Validation;

namespace HubPlatform.Validation.Onnx;

/// <summary>
/// Reads an ONNX file without running it: IR version, operator sets, producer, inputs and outputs, operators, and the
/// parameters (the elements of every dense and sparse initializer and of every <c>Constant</c> node's value, in the main
/// graph and every subgraph of <c>If</c>, <c>Loop</c> and <c>Scan</c>), with the size of the file and of its external data.
/// Tensor bytes are skipped while parsing (the schema leaves them out), so a model of any size is read in little memory;
/// external data files are measured, never read.
/// </summary>
public static class OnnxInspector
{
    // Nested subgraphs deeper than this are refused by the parser rather than exhausting the stack.
    private const int RecursionLimit = 64;

    private static readonly MessageParser<ModelProto> Parser = ModelProto.Parser.WithDiscardUnknownFields(true);

    /// <summary>Inspects the model at <paramref name="path"/>; external data must lie under <paramref name="root"/> (the model's repository or folder).</summary>
    /// <param name="path">The model file.</param>
    /// <param name="root">The folder external data may come from.</param>
    /// <param name="displayName">The name the result gives the file.</param>
    public static ModelValidation Inspect(string path, string root, string displayName) => Read(path, root, displayName).Result;

    /// <summary>
    /// Inspects the model, and says whether ONNX Runtime may load it: only a model that was read and whose external data all
    /// lies inside <paramref name="root"/>, for loading one that names other files would read them.
    /// </summary>
    internal static (ModelValidation Result, bool Loadable) Read(string path, string root, string displayName)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(root);
        ModelProto model;
        long fileBytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            fileBytes = stream.Length;
            model = Parse(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            return (Failed(displayName, $"Not an ONNX model: the file is not a protobuf ModelProto ({e.Message})"), false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (Failed(displayName, $"The file cannot be read: {e.Message}"), false);
        }

        return Describe(model, fileBytes, path, root, displayName);
    }

    /// <summary>
    /// Reads a small model made here once, so that a probe child waiting for its model has the reader's code compiled
    /// (under the JIT) before the model comes.
    /// </summary>
    internal static void Warm()
    {
        var graph = new GraphProto { Name = "warm", Node = { new NodeProto { OpType = "Relu", Input = { "x" }, Output = { "y" } } } };
        graph.Initializer.Add(new TensorProto { Name = "w", DataType = 1, Dims = { 2 } });
        graph.Input.Add(new ValueInfoProto { Name = "x", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimParam = "n" } } } } } });
        var bytes = new ModelProto { IrVersion = 8, Graph = graph, OpsetImport = { new OperatorSetIdProto { Version = 17 } } }.ToByteArray();
        var (result, _) = Describe(Parse(new MemoryStream(bytes)), bytes.Length, "warm.onnx", Path.GetTempPath(), "warm.onnx");
        _ = System.Text.Json.JsonSerializer.Serialize(result, ValidationJsonContext.Default.ModelValidation);
    }

    private static ModelProto Parse(Stream stream)
    {
        using var input = CodedInputStream.CreateWithLimits(stream, int.MaxValue, RecursionLimit);
        return Parser.ParseFrom(input);
    }

    private static (ModelValidation Result, bool Loadable) Describe(ModelProto model, long fileBytes, string path, string root, string displayName)
    {
        if (model.Graph is null || model.IrVersion <= 0)
        {
            // Protobuf reads almost any bytes as some message; a model has an IR version and a graph.
            return (Failed(displayName, "Not an ONNX model: the file has no IR version or no graph.", fileBytes), false);
        }

        var walk = new GraphWalk(Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFullPath(root));
        walk.Graph(model.Graph);
        var initializers = model.Graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var result = new ModelValidation
        {
            File = displayName,
            Format = "onnx",
            IrVersion = model.IrVersion,
            Opsets = model.OpsetImport.GroupBy(o => o.Domain is "ai.onnx" ? string.Empty : o.Domain).ToDictionary(g => g.Key, g => g.Max(o => o.Version)),
            Producer = new ModelProducer { Name = model.ProducerName, Version = model.ProducerVersion },
            SizeBytes = fileBytes + walk.ExternalBytes,
            Parameters = new ModelParameters
            {
                Total = walk.Parameters.Values.Sum(),
                ByDtype = walk.Parameters,
                BytesByDtype = walk.ParameterBytes,
            },
            Ops = walk.Ops,
            Metadata = model.MetadataProps.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal),
            Inputs = [.. model.Graph.Input.Where(i => !initializers.Contains(i.Name)).Select(v => Tensor(v, walk.Errors))],
            Outputs = [.. model.Graph.Output.Select(v => Tensor(v, walk.Errors))],
            Errors = walk.Errors,
        };
        return (result, !walk.RefusedExternalData);
    }

    private static ModelValidation Failed(string file, string error, long size = 0) =>
        new() { File = file, Format = "onnx", SizeBytes = size, Errors = [error] };

    private static ModelTensor Tensor(ValueInfoProto value, List<string> errors)
    {
        var type = value.Type;
        return type?.ValueCase switch
        {
            TypeProto.ValueOneofCase.TensorType => new ModelTensor { Name = value.Name, Dtype = OnnxElementTypes.Name(type.TensorType.ElemType), Shape = Shape(value.Name, type.TensorType.Shape, errors) },
            TypeProto.ValueOneofCase.SparseTensorType => new ModelTensor { Name = value.Name, Dtype = OnnxElementTypes.Name(type.SparseTensorType.ElemType), Shape = Shape(value.Name, type.SparseTensorType.Shape, errors) },
            TypeProto.ValueOneofCase.SequenceType => new ModelTensor { Name = value.Name, Dtype = "sequence" },
            TypeProto.ValueOneofCase.MapType => new ModelTensor { Name = value.Name, Dtype = "map" },
            TypeProto.ValueOneofCase.OptionalType => new ModelTensor { Name = value.Name, Dtype = "optional" },
            _ => new ModelTensor { Name = value.Name, Dtype = "unknown" },
        };
    }

    private static List<JsonNode?>? Shape(string name, TensorShapeProto? shape, List<string> errors)
    {
        if (shape is null)
        {
            return null;
        }

        var dims = new List<JsonNode?>(shape.Dim.Count);
        foreach (var dim in shape.Dim)
        {
            switch (dim.ValueCase)
            {
                case TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue when dim.DimValue < 0:
                    errors.Add($"'{name}' has a negative dimension ({dim.DimValue}).");
                    dims.Add(JsonValue.Create(dim.DimValue));
                    break;
                case TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue:
                    dims.Add(JsonValue.Create(dim.DimValue));
                    break;
                case TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam:
                    dims.Add(JsonValue.Create(dim.DimParam));
                    break;
                default:
                    dims.Add(null);
                    break;
            }
        }

        return dims;
    }
}
