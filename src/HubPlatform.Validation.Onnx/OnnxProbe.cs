using System.Text.Json;
using System.Text.Json.Nodes;
using HubPlatform.Hub.Validation;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace HubPlatform.Validation.Onnx;

/// <summary>
/// Loads a model in ONNX Runtime (CPU) and runs it once on synthetic inputs of valid element types and shapes:
/// symbolic dimensions get small sizes (a batch of 1, 8 tokens, a past of 0), token ids stay inside the vocabulary,
/// attention masks are ones, positions count up, other numbers are small and varied. Meant to run in a child process
/// (<c>hub-probe</c>, see <see cref="ProbeChild"/>), since native code may crash, hang or exhaust memory on a hostile or broken model.
/// </summary>
public static class OnnxProbe
{
    /// <summary>Loads ONNX Runtime's native library and creates its environment, so that a probe started early is ready when allowed to run.</summary>
    public static void Prepare()
    {
        using var options = new SessionOptions();

        // The answer's serializer too: its first use costs as much as a small model's run.
        _ = ToJson(new ModelProbe { Loaded = true, Ran = true, Outputs = [new ModelTensor { Name = "warm", Dtype = "float32", Shape = [1] }] });
    }

    /// <summary>Probes the model; never throws for a model that does not load or run (the result says why).</summary>
    /// <param name="path">The model file.</param>
    /// <param name="vocabularySize">The vocabulary size from the model's config.json, for token ids; null when unknown.</param>
    /// <param name="threads">The threads an operator may use; 0 for ONNX Runtime's choice, one per core.</param>
    public static ModelProbe Run(string path, int? vocabularySize, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        InferenceSession session;
        try
        {
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            return new ModelProbe { Error = $"ONNX Runtime could not load the model: {e.Message}" };
        }

        using (session)
        {
            var fed = new List<ModelTensor>();
            var values = new List<OrtValue>();
            try
            {
                foreach (var (name, meta) in session.InputMetadata)
                {
                    if (!meta.IsTensor)
                    {
                        return new ModelProbe { Loaded = true, Error = $"Input '{name}' is not a tensor ({meta.OnnxValueType}); the probe feeds tensors only." };
                    }

                    var shape = Shape(name, meta);
                    values.Add(Input(name, meta.ElementDataType, shape, vocabularySize));
                    fed.Add(new ModelTensor { Name = name, Dtype = DtypeName(meta.ElementDataType), Shape = [.. shape.Select(d => (JsonNode?)JsonValue.Create(d))] });
                }

                var outputNames = session.OutputMetadata.Keys.ToList();
                using var runOptions = new RunOptions();
                using var outputs = session.Run(runOptions, [.. session.InputMetadata.Keys], values, outputNames);
                var returned = new List<ModelTensor>();
                string? error = null;
                for (var i = 0; i < outputNames.Count; i++)
                {
                    var output = outputs.ElementAt(i);
                    if (!output.IsTensor)
                    {
                        returned.Add(new ModelTensor { Name = outputNames[i], Dtype = "other" });
                        continue;
                    }

                    var info = output.GetTensorTypeAndShape();
                    returned.Add(new ModelTensor { Name = outputNames[i], Dtype = DtypeName(info.ElementDataType), Shape = [.. info.Shape.Select(d => (JsonNode?)JsonValue.Create(d))] });
                    if (!Finite(output, info.ElementDataType))
                    {
                        error ??= $"Output '{outputNames[i]}' holds values that are not finite (NaN or infinity).";
                    }
                }

                return new ModelProbe { Loaded = true, Ran = error is null, Inputs = fed, Outputs = returned, Error = error };
            }
            catch (Exception e) when (e is OnnxRuntimeException or NotSupportedException)
            {
                return new ModelProbe { Loaded = true, Inputs = fed, Error = $"The run on synthetic inputs failed: {e.Message}" };
            }
            finally
            {
                values.ForEach(v => v.Dispose());
            }
        }
    }

    /// <summary>The answer as the child process prints it.</summary>
    public static string ToJson(ModelProbe result) => JsonSerializer.Serialize(result, ValidationJsonContext.Default.ModelProbe);

    // Sizes for the dimensions: fixed ones as they are; symbolic ones by what their name (or the input's) says they count.
    private static long[] Shape(string input, NodeMetadata meta)
    {
        var shape = new long[meta.Dimensions.Length];
        var past = input.Contains("past", StringComparison.OrdinalIgnoreCase) || input.Contains("cache", StringComparison.OrdinalIgnoreCase);
        var real = meta.ElementDataType is TensorElementType.Float or TensorElementType.Float16 or TensorElementType.Double or TensorElementType.BFloat16;

        // An image: four dimensions with one or three channels second; its height and width get a size convolution
        // stacks can divide (a multiple of 32).
        var image = real && shape.Length == 4 && meta.Dimensions[1] is 1 or 3;
        for (var d = 0; d < shape.Length; d++)
        {
            if (meta.Dimensions[d] >= 0)
            {
                shape[d] = meta.Dimensions[d];
                continue;
            }

            var symbol = meta.SymbolicDimensions.Length > d ? meta.SymbolicDimensions[d].ToLowerInvariant() : string.Empty;
            shape[d] = symbol switch
            {
                _ when symbol.Contains("batch", StringComparison.Ordinal) || d == 0 => 1,
                _ when past && (symbol.Contains("past", StringComparison.Ordinal) || symbol.Contains("seq", StringComparison.Ordinal) || symbol.Contains("length", StringComparison.Ordinal)) => 0,
                _ when symbol.Contains("total", StringComparison.Ordinal) => 8,
                _ when image || symbol.Contains("height", StringComparison.Ordinal) || symbol.Contains("width", StringComparison.Ordinal) => 64,

                // Numbers along a sequence are samples of sound (text comes as ids): a chunk of 1024.
                _ when real && (symbol.Contains("sample", StringComparison.Ordinal) || symbol.Contains("seq", StringComparison.Ordinal) || symbol.Contains("len", StringComparison.Ordinal)) => 1024,
                _ => 8,
            };
        }

        return shape;
    }

    private static OrtValue Input(string name, TensorElementType type, long[] shape, int? vocabularySize)
    {
        var count = checked((int)shape.Aggregate(1L, (a, b) => a * b));
        var lower = name.ToLowerInvariant();
        long Integer(int i) => lower switch
        {
            _ when lower.Contains("mask", StringComparison.Ordinal) => 1,
            _ when lower.Contains("position", StringComparison.Ordinal) => i % Math.Max(1, (int)shape[^1]),
            _ when lower.Contains("token_type", StringComparison.Ordinal) => 0,
            "sr" or "sample_rate" or "sampling_rate" => 16000,
            _ when lower.Contains("ids", StringComparison.Ordinal) => (i * 7 + 3) % Math.Max(1, vocabularySize ?? 100),
            _ => i % 2,
        };
        float Real(int i) => (float)Math.Sin(i * 0.37) * 0.5f;
        return type switch
        {
            TensorElementType.Float => OrtValue.CreateTensorValueFromMemory(Fill(count, Real), shape),
            TensorElementType.Double => OrtValue.CreateTensorValueFromMemory(Fill(count, i => (double)Real(i)), shape),
            TensorElementType.Float16 => OrtValue.CreateTensorValueFromMemory(Fill(count, i => (Float16)Real(i)), shape),
            TensorElementType.BFloat16 => OrtValue.CreateTensorValueFromMemory(Fill(count, i => (BFloat16)Real(i)), shape),
            TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(Fill(count, Integer), shape),
            TensorElementType.Int32 => OrtValue.CreateTensorValueFromMemory(Fill(count, i => (int)Integer(i)), shape),
            TensorElementType.Int16 => OrtValue.CreateTensorValueFromMemory(Fill(count, i => (short)Integer(i)), shape),
            TensorElementType.Int8 => OrtValue.CreateTensorValueFromMemory(Fill(count, i => (sbyte)Integer(i)), shape),
            TensorElementType.UInt8 => OrtValue.CreateTensorValueFromMemory(Fill(count, i => (byte)Integer(i)), shape),
            TensorElementType.Bool => OrtValue.CreateTensorValueFromMemory(Fill(count, _ => false), shape),
            _ => throw new NotSupportedException($"input '{name}' is of type {type}, which the probe does not make"),
        };
    }

    private static T[] Fill<T>(int count, Func<int, T> value)
    {
        var data = new T[count];
        for (var i = 0; i < count; i++)
        {
            data[i] = value(i);
        }

        return data;
    }

    private static bool Finite(OrtValue value, TensorElementType type) => type switch
    {
        TensorElementType.Float => AllFinite(value.GetTensorDataAsSpan<float>()),
        TensorElementType.Double => AllFinite(value.GetTensorDataAsSpan<double>()),
        _ => true,
    };

    private static bool AllFinite<T>(ReadOnlySpan<T> values)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        foreach (var v in values)
        {
            if (!T.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    private static string DtypeName(TensorElementType type) => OnnxElementTypes.Name((int)type);
}
