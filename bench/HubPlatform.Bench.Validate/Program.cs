using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

// The reference process of bench/validate.sh: creates one ONNX Runtime session over a model with default options and
// exits; 0 when it loaded, 1 with the reason when it did not. Its wall time is what hub validate is compared with.
// "large PATH N" writes a model whose weight is an N x N float matrix (x [1, N] MatMul w), for a row where loading the
// weights costs more than starting a process.
if (args is ["large", var path, var n])
{
    WriteLarge(path, int.Parse(n, System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: HubPlatform.Bench.Validate MODEL.onnx | large PATH N");
    return 2;
}

try
{
    using var session = new InferenceSession(args[0]);
    Console.WriteLine($"{session.InputMetadata.Count} inputs, {session.OutputMetadata.Count} outputs");
    return 0;
}
catch (OnnxRuntimeException e)
{
    Console.Error.WriteLine(e.Message.ReplaceLineEndings(" "));
    return 1;
}

// The ONNX messages written field by field from the spec's numbers (the product's schema leaves tensor bytes out).
static void WriteLarge(string path, int n)
{
    static ByteString Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        write(output);
        output.Flush();
        return ByteString.CopyFrom(buffer.ToArray());
    }

    static void Bytes(CodedOutputStream o, int field, ByteString value)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(value);
    }

    static ByteString Text(string s) => ByteString.CopyFromUtf8(s);

    // ValueInfoProto { name = 1, type = 2 { tensor_type = 1 { elem_type = 1, shape = 2 { dim = 1 { dim_value = 1 } } } } }
    ByteString Value(string name, params long[] dims) => Message(o =>
    {
        Bytes(o, 1, Text(name));
        Bytes(o, 2, Message(t => Bytes(t, 1, Message(tt =>
        {
            tt.WriteTag(1, WireFormat.WireType.Varint);
            tt.WriteInt32(1);
            Bytes(tt, 2, Message(shape =>
            {
                foreach (var d in dims)
                {
                    Bytes(shape, 1, Message(dim =>
                    {
                        dim.WriteTag(1, WireFormat.WireType.Varint);
                        dim.WriteInt64(d);
                    }));
                }
            }));
        }))));
    });

    var weights = new byte[(long)n * n * 4];
    var random = new Random(1);
    for (var i = 0; i < weights.Length; i += 4)
    {
        BitConverter.TryWriteBytes(weights.AsSpan(i), (float)(random.NextDouble() - 0.5) / n);
    }

    // TensorProto { dims = 1, data_type = 2, name = 8, raw_data = 9 }
    var initializer = Message(o =>
    {
        o.WriteTag(1, WireFormat.WireType.Varint);
        o.WriteInt64(n);
        o.WriteTag(1, WireFormat.WireType.Varint);
        o.WriteInt64(n);
        o.WriteTag(2, WireFormat.WireType.Varint);
        o.WriteInt32(1);
        Bytes(o, 8, Text("w"));
        Bytes(o, 9, ByteString.CopyFrom(weights));
    });

    // NodeProto { input = 1, output = 2, op_type = 4 }; GraphProto { node = 1, name = 2, initializer = 5, input = 11, output = 12 }
    var graph = Message(o =>
    {
        Bytes(o, 1, Message(node =>
        {
            Bytes(node, 1, Text("x"));
            Bytes(node, 1, Text("w"));
            Bytes(node, 2, Text("y"));
            Bytes(node, 4, Text("MatMul"));
        }));
        Bytes(o, 2, Text("large"));
        Bytes(o, 5, initializer);
        Bytes(o, 11, Value("x", 1, n));
        Bytes(o, 12, Value("y", 1, n));
    });

    // ModelProto { ir_version = 1, producer_name = 2, graph = 7, opset_import = 8 { version = 2 } }
    using var file = File.Create(path);
    var model = new CodedOutputStream(file);
    model.WriteTag(1, WireFormat.WireType.Varint);
    model.WriteInt64(8);
    Bytes(model, 2, Text("HubPlatform.Bench.Validate"));
    Bytes(model, 7, graph);
    Bytes(model, 8, Message(opset =>
    {
        opset.WriteTag(2, WireFormat.WireType.Varint);
        opset.WriteInt64(17);
    }));
    model.Flush();
}
