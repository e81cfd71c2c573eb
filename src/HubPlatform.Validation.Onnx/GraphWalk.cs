using HubPlatform.Hub.Validation;

namespace HubPlatform.Validation.Onnx;

/// <summary>
/// One pass over a model's graphs (the main one, then each subgraph where a node holds it): nodes by operator, parameters
/// by element type, external data files measured, and every problem found on the way.
/// </summary>
/// <param name="modelFolder">The folder of the model file, which external data locations are relative to.</param>
/// <param name="root">The folder external data must stay inside.</param>
internal sealed class GraphWalk(string modelFolder, string root)
{
    private readonly HashSet<string> _externalFiles = new(StringComparer.Ordinal);

    public Dictionary<string, long> Parameters { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> ParameterBytes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> Ops { get; } = new(StringComparer.Ordinal);

    public List<string> Errors { get; } = [];

    public long ExternalBytes { get; private set; }

    public void Graph(GraphProto graph)
    {
        foreach (var initializer in graph.Initializer)
        {
            Tensor(initializer, initializer.Dims, initializer.DataType);
        }

        foreach (var sparse in graph.SparseInitializer)
        {
            Sparse(sparse);
        }

        foreach (var node in graph.Node)
        {
            var key = node.Domain is "" or "ai.onnx" ? node.OpType : $"{node.Domain}:{node.OpType}";
            Ops[key] = Ops.GetValueOrDefault(key) + 1;
            var constant = node.OpType == "Constant" && node.Domain is "" or "ai.onnx";
            foreach (var attribute in node.Attribute)
            {
                if (constant)
                {
                    ConstantValue(attribute);
                }

                if (attribute.G is not null)
                {
                    Graph(attribute.G);
                }

                foreach (var subgraph in attribute.Graphs)
                {
                    Graph(subgraph);
                }
            }
        }
    }

    // A Constant node's value: a tensor, a sparse tensor, or a scalar or list attribute (value_float, value_ints, …).
    private void ConstantValue(AttributeProto attribute)
    {
        switch (attribute.Name)
        {
            case "value" when attribute.T is not null:
                Tensor(attribute.T, attribute.T.Dims, attribute.T.DataType);
                break;
            case "sparse_value" when attribute.SparseTensor is not null:
                Sparse(attribute.SparseTensor);
                break;
            case "value_float":
                Count(1, 1);
                break;
            case "value_floats":
                Count(1, attribute.Floats.Count);
                break;
            case "value_int":
                Count(7, 1);
                break;
            case "value_ints":
                Count(7, attribute.Ints.Count);
                break;
            case "value_string":
                Count(8, 1);
                break;
            case "value_strings":
                Count(8, attribute.Strings.Count);
                break;
        }
    }

    // A sparse tensor's parameters are those of its dense shape, its element type that of its values.
    private void Sparse(SparseTensorProto sparse)
    {
        if (sparse.Values is { } values)
        {
            Tensor(values, sparse.Dims, values.DataType);
        }
        else
        {
            Errors.Add("A sparse tensor has no values.");
        }
    }

    private void Tensor(TensorProto tensor, IEnumerable<long> dims, int dataType)
    {
        long elements = 1;
        foreach (var dim in dims)
        {
            if (dim < 0)
            {
                Errors.Add($"Tensor '{tensor.Name}' has a negative dimension ({dim}).");
                return;
            }

            try
            {
                elements = checked(elements * dim);
            }
            catch (OverflowException)
            {
                Errors.Add($"Tensor '{tensor.Name}' has more elements than can be counted (its dimensions multiply past 2^63).");
                return;
            }
        }

        Count(dataType, elements);
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
        {
            External(tensor);
        }
    }

    private void Count(int dataType, long elements)
    {
        var name = OnnxElementTypes.Name(dataType);
        Parameters[name] = Parameters.GetValueOrDefault(name) + elements;
        try
        {
            if (OnnxElementTypes.Bytes(dataType, elements) is { } bytes)
            {
                ParameterBytes[name] = checked(ParameterBytes.GetValueOrDefault(name) + bytes);
            }
        }
        catch (OverflowException)
        {
            Errors.Add($"The {name} parameters take more bytes than can be counted.");
        }
    }

    /// <summary>Whether some tensor named external data outside the repository: such a model must not be loaded at all.</summary>
    public bool RefusedExternalData { get; private set; }

    // External data must name a file inside the model's repository: a location that is absolute or climbs out with '..'
    // is refused (and not measured), as a mirror must never read outside the repository a model came in.
    private void External(TensorProto tensor)
    {
        var location = tensor.ExternalData.FirstOrDefault(e => e.Key == "location")?.Value;
        if (string.IsNullOrEmpty(location))
        {
            Errors.Add($"Tensor '{tensor.Name}' keeps its data outside the file but names no location.");
            return;
        }

        var segments = location.Split('/', '\\');
        var full = Path.GetFullPath(Path.Combine(modelFolder, location));
        var inside = full.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        if (Path.IsPathRooted(location) || segments.Contains("..") || !inside)
        {
            Errors.Add($"Tensor '{tensor.Name}' names external data '{location}', outside the model's repository; it is refused.");
            RefusedExternalData = true;
            return;
        }

        if (!_externalFiles.Add(full))
        {
            return;
        }

        var file = new FileInfo(full);
        if (!file.Exists)
        {
            Errors.Add($"External data file '{location}' of tensor '{tensor.Name}' is missing.");
            return;
        }

        ExternalBytes += file.Length;
    }
}
