using Google.Protobuf;
using HubPlatform.Validation.Onnx;

namespace HubPlatform.Validation.Onnx.Tests;

/// <summary>Small ONNX models built with the schema's classes, written to a folder of their own.</summary>
internal static class TinyModels
{
    public static TensorProto Weight(string name, int dataType, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = dataType };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    public static ValueInfoProto Value(string name, int elemType, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim is string param ? new TensorShapeProto.Types.Dimension { DimParam = param } : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture) });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elemType, Shape = shape } } };
    }

    public static NodeProto Node(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = opType + "_" + outputs.FirstOrDefault() };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    public static ModelProto Model(GraphProto graph, long opset = 17)
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "hubplatform-tests", ProducerVersion = "1.0", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = opset });
        return model;
    }

    /// <summary>Token ids added to their attention mask, then the largest value: int64 inputs with symbolic dimensions.</summary>
    public static GraphProto IdsAndMask()
    {
        var graph = new GraphProto { Name = "ids" };
        graph.Input.Add(Value("input_ids", 7, "batch", "sequence"));
        graph.Input.Add(Value("attention_mask", 7, "batch", "sequence"));
        graph.Output.Add(Value("total", 7, "batch", "sequence"));
        graph.Output.Add(Value("biggest", 7));
        graph.Node.Add(Node("Add", ["input_ids", "attention_mask"], ["total"]));
        graph.Node.Add(Node("ReduceMax", ["total"], ["biggest"], new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 0 }));
        return graph;
    }

    /// <summary>y = x + w, with w's four floats kept in an external file at <paramref name="location"/>.</summary>
    public static GraphProto ExternalAdd(string location)
    {
        var graph = new GraphProto { Name = "external" };
        var weight = Weight("w", 1, 4);
        weight.DataLocation = TensorProto.Types.DataLocation.External;
        weight.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        graph.Initializer.Add(weight);
        graph.Input.Add(Value("x", 1, 4));
        graph.Output.Add(Value("y", 1, 4));
        graph.Node.Add(Node("Add", ["x", "w"], ["y"]));
        return graph;
    }

    /// <summary>Writes the model to <paramref name="folder"/>/<paramref name="name"/>; returns its path.</summary>
    public static string Write(ModelProto model, string folder, string name = "model.onnx")
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }
}
