using Google.Protobuf;
using HubPlatform.Cards.Tests;

namespace HubPlatform.Validation.Onnx.Tests;

/// <summary>
/// Every ONNX model of the fixtures corpus is read, or refused with its reason as MANIFEST.tsv says (MALFORMED files); the
/// parameter count equals one made independently, from the protobuf wire format without the schema's classes.
/// </summary>
public sealed class OnnxCorpusTests
{
    public static TheoryData<string> Models()
    {
        var data = new TheoryData<string>();
        foreach (var row in Corpus.Manifest().Where(r => r[0].EndsWith(".onnx", StringComparison.Ordinal)))
        {
            data.Add(row[0]);
        }

        // Without the corpus the theory still runs once, to say so.
        if (data.Count == 0)
        {
            data.Add("(corpus absent)");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Each_corpus_model_is_read_or_refused_and_its_parameters_match_an_independent_count(string file)
    {
        Assert.True(Corpus.Folder is not null, Corpus.Describe());
        var path = Path.Combine(Corpus.Folder!, file);
        var malformed = Corpus.Manifest().Single(r => r[0] == file).Skip(1).Any(c => c.Contains("MALFORMED", StringComparison.Ordinal));

        var result = OnnxInspector.Inspect(path, Path.GetDirectoryName(path)!, file);

        if (malformed)
        {
            Assert.StartsWith("Not an ONNX model", Assert.Single(result.Errors), StringComparison.Ordinal);
            return;
        }

        Assert.Empty(result.Errors);
        Assert.Equal(WireCount.Parameters(File.ReadAllBytes(path)), result.Parameters.Total);
        Assert.NotEmpty(result.Outputs);
        Assert.True(result.IrVersion > 0);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Each_corpus_model_loads_and_runs_once_in_onnx_runtime_or_says_why_not(string file)
    {
        Assert.True(Corpus.Folder is not null, Corpus.Describe());

        var result = OnnxProbe.Run(Path.Combine(Corpus.Folder!, file), null);

        Assert.True(result.Ran || !string.IsNullOrWhiteSpace(result.Error), $"{file}: neither ran nor said why");
        Assert.Equal(result.Ran, result.Error is null);
        if (result.Ran)
        {
            Assert.NotEmpty(result.Outputs);
            Assert.All(result.Outputs, o => Assert.NotNull(o.Shape));
        }
    }

    /// <summary>
    /// Counts parameters from the wire format alone: ModelProto.graph (7); GraphProto.initializer (5), sparse_initializer (15),
    /// node (1); NodeProto.op_type (4), attribute (5); AttributeProto.name (1), t (5), g (6), graphs (11), floats (7), ints (8);
    /// TensorProto.dims (1); SparseTensorProto.dims (3).
    /// </summary>
    private static class WireCount
    {
        public static long Parameters(byte[] model)
        {
            long total = 0;
            Fields(model, (field, bytes) =>
            {
                if (field == 7)
                {
                    total += Graph(bytes);
                }
            });
            return total;
        }

        private static long Graph(ByteString graph)
        {
            long total = 0;
            Fields(graph.ToByteArray(), (field, bytes) =>
            {
                total += field switch
                {
                    5 => Elements(bytes, dimsField: 1),
                    15 => Elements(bytes, dimsField: 3),
                    1 => Node(bytes),
                    _ => 0,
                };
            });
            return total;
        }

        private static long Node(ByteString node)
        {
            string? op = null;
            var attributes = new List<ByteString>();
            Fields(node.ToByteArray(), (field, bytes) =>
            {
                if (field == 4)
                {
                    op = bytes.ToStringUtf8();
                }
                else if (field == 5)
                {
                    attributes.Add(bytes);
                }
            });
            long total = 0;
            foreach (var attribute in attributes)
            {
                string? name = null;
                long constant = 0;
                long subgraphs = 0;
                var input = new CodedInputStream(attribute.ToByteArray());
                uint tag;
                while ((tag = input.ReadTag()) != 0)
                {
                    switch (WireFormat.GetTagFieldNumber(tag), WireFormat.GetTagWireType(tag))
                    {
                        case (1, WireFormat.WireType.LengthDelimited):
                            name = input.ReadString();
                            break;
                        case (5, WireFormat.WireType.LengthDelimited):
                            constant += Elements(input.ReadBytes(), dimsField: 1);
                            break;
                        case (6 or 11, WireFormat.WireType.LengthDelimited):
                            subgraphs += Graph(input.ReadBytes());
                            break;
                        case (7, WireFormat.WireType.LengthDelimited):
                            constant += input.ReadBytes().Length / 4;
                            break;
                        case (7, _):
                            input.ReadFloat();
                            constant++;
                            break;
                        case (8, WireFormat.WireType.LengthDelimited):
                            var packed = new CodedInputStream(input.ReadBytes().ToByteArray());
                            while (!packed.IsAtEnd)
                            {
                                packed.ReadInt64();
                                constant++;
                            }

                            break;
                        case (8, _):
                            input.ReadInt64();
                            constant++;
                            break;
                        case (3, _) when op == "Constant":
                            input.ReadInt64();
                            constant++;
                            break;
                        case (2, _) when op == "Constant":
                            input.ReadFloat();
                            constant++;
                            break;
                        default:
                            input.SkipLastField();
                            break;
                    }
                }

                total += subgraphs + (op == "Constant" && name is "value" or "value_float" or "value_floats" or "value_int" or "value_ints" or "sparse_value" ? constant : 0);
            }

            return total;
        }

        // The product of a tensor's dims (packed or not).
        private static long Elements(ByteString tensor, int dimsField)
        {
            long elements = 1;
            var input = new CodedInputStream(tensor.ToByteArray());
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (WireFormat.GetTagFieldNumber(tag) != dimsField)
                {
                    input.SkipLastField();
                }
                else if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                {
                    var packed = new CodedInputStream(input.ReadBytes().ToByteArray());
                    while (!packed.IsAtEnd)
                    {
                        elements *= packed.ReadInt64();
                    }
                }
                else
                {
                    elements *= input.ReadInt64();
                }
            }

            return elements;
        }

        // Each length-delimited field of a message, by number.
        private static void Fields(byte[] message, Action<int, ByteString> each)
        {
            var input = new CodedInputStream(message);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                {
                    each(WireFormat.GetTagFieldNumber(tag), input.ReadBytes());
                }
                else
                {
                    input.SkipLastField();
                }
            }
        }
    }
}
