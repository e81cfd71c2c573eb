using System.Buffers.Binary;
using System.Text.Json;
using HubPlatform.Hub.Validation;

namespace HubPlatform.Validation;

/// <summary>
/// Describes a safetensors file from its header alone (an 8-byte little-endian length, then a JSON object of tensors with
/// their dtype, shape and byte range, and an optional <c>__metadata__</c> of strings): tensors, parameters by element type,
/// and whether every tensor's byte range fits its shape and the file.
/// </summary>
public static class SafetensorsInspector
{
    // The format's own limit on the header.
    private const long MaxHeaderBytes = 100L * 1000 * 1000;

    /// <summary>Describes the file at <paramref name="path"/>, named <paramref name="displayName"/> in the result.</summary>
    public static ModelValidation Inspect(string path, string displayName)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            Span<byte> prefix = stackalloc byte[8];
            if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8)
            {
                return Failed(displayName, stream.Length, "Not a safetensors file: it is shorter than its header's length.");
            }

            var length = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
            if (length > (ulong)MaxHeaderBytes || (long)length > stream.Length - 8)
            {
                return Failed(displayName, stream.Length, $"Not a safetensors file: its header claims {length} bytes.");
            }

            var header = new byte[length];
            stream.ReadExactly(header);
            using var document = JsonDocument.Parse(header);
            return Describe(document.RootElement, displayName, stream.Length, stream.Length - 8 - (long)length);
        }
        catch (JsonException e)
        {
            return Failed(displayName, 0, $"Not a safetensors file: its header is not JSON ({e.Message}).");
        }
        catch (IOException e)
        {
            return Failed(displayName, 0, $"The file cannot be read: {e.Message}");
        }
    }

    private static ModelValidation Describe(JsonElement root, string file, long size, long dataBytes)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Failed(file, size, "Not a safetensors file: its header is not a JSON object.");
        }

        var errors = new List<string>();
        var parameters = new Dictionary<string, long>(StringComparer.Ordinal);
        var bytes = new Dictionary<string, long>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        long tensors = 0;
        foreach (var entry in root.EnumerateObject())
        {
            if (entry.Name == "__metadata__")
            {
                if (entry.Value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var pair in entry.Value.EnumerateObject())
                    {
                        metadata[pair.Name] = pair.Value.ValueKind == JsonValueKind.String ? pair.Value.GetString()! : pair.Value.GetRawText();
                    }
                }

                continue;
            }

            tensors++;
            var tensor = Tensor(entry, dataBytes);
            if (tensor.Error is not null)
            {
                errors.Add(tensor.Error);
                continue;
            }

            parameters[tensor.Dtype] = parameters.GetValueOrDefault(tensor.Dtype) + tensor.Elements;
            bytes[tensor.Dtype] = bytes.GetValueOrDefault(tensor.Dtype) + tensor.Bytes;
        }

        return new ModelValidation
        {
            File = file,
            Format = "safetensors",
            SizeBytes = size,
            Tensors = tensors,
            Metadata = metadata,
            Parameters = new ModelParameters { Total = parameters.Values.Sum(), ByDtype = parameters, BytesByDtype = bytes },
            Errors = errors,
        };
    }

    private static (string Dtype, long Elements, long Bytes, string? Error) Tensor(JsonProperty entry, long dataBytes)
    {
        var value = entry.Value;
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsets) || offsets.GetArrayLength() != 2)
        {
            return (string.Empty, 0, 0, $"Tensor '{entry.Name}' lacks its dtype, shape or data_offsets.");
        }

        var (name, width) = Dtype(dtype.GetString()!);
        long elements = 1;
        foreach (var dim in shape.EnumerateArray())
        {
            if (!dim.TryGetInt64(out var n) || n < 0)
            {
                return (name, 0, 0, $"Tensor '{entry.Name}' has a dimension that is not a count ({dim.GetRawText()}).");
            }

            try
            {
                elements = checked(elements * n);
            }
            catch (OverflowException)
            {
                return (name, 0, 0, $"Tensor '{entry.Name}' has more elements than can be counted.");
            }
        }

        if (!offsets[0].TryGetInt64(out var begin) || !offsets[1].TryGetInt64(out var end) || begin < 0 || end < begin || end > dataBytes)
        {
            return (name, 0, 0, $"Tensor '{entry.Name}' has data offsets outside the file.");
        }

        return width is { } w && elements * w != (end - begin) * 8
            ? (name, 0, 0, $"Tensor '{entry.Name}' holds {end - begin} bytes where its shape and {dtype.GetString()} need {elements * w / 8}.")
            : (name, elements, end - begin, null);
    }

    // The element type's name as ONNX results spell it, and its width in bits (null for types this reader does not know).
    private static (string Name, long? Bits) Dtype(string dtype) => dtype switch
    {
        "F64" => ("float64", 64),
        "F32" => ("float32", 32),
        "F16" => ("float16", 16),
        "BF16" => ("bfloat16", 16),
        "I64" => ("int64", 64),
        "U64" => ("uint64", 64),
        "I32" => ("int32", 32),
        "U32" => ("uint32", 32),
        "I16" => ("int16", 16),
        "U16" => ("uint16", 16),
        "I8" => ("int8", 8),
        "U8" => ("uint8", 8),
        "BOOL" => ("bool", 8),
        "F8_E4M3" => ("float8e4m3fn", 8),
        "F8_E5M2" => ("float8e5m2", 8),
        _ => (dtype.ToLowerInvariant(), null),
    };

    private static ModelValidation Failed(string file, long size, string error) => new() { File = file, Format = "safetensors", SizeBytes = size, Errors = [error] };
}
