using System.Globalization;
using System.Text;
using HubPlatform.Hub.Validation;

namespace HubPlatform.Validation;

/// <summary>
/// Describes a GGUF file (llama.cpp's format) from its header: the metadata keys and values (lists shown by their length),
/// the tensors, their quantisation types and the parameter count, read as a stream without the tensor data.
/// </summary>
public static class GgufInspector
{
    private const uint Magic = 0x46554747; // "GGUF", little-endian
    private const long MaxCount = 10_000_000;
    private const long MaxStringBytes = 64L * 1024 * 1024;

    /// <summary>Describes the file at <paramref name="path"/>, named <paramref name="displayName"/> in the result.</summary>
    public static ModelValidation Inspect(string path, string displayName)
    {
        ArgumentNullException.ThrowIfNull(path);
        long size = 0;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            size = stream.Length;
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (stream.Length < 24 || reader.ReadUInt32() != Magic)
            {
                return Failed(displayName, size, "Not a GGUF file: it does not start with GGUF.");
            }

            var version = reader.ReadUInt32();
            if (version is < 2 or > 3)
            {
                return Failed(displayName, size, $"GGUF version {version} is not one this reader knows (2 and 3).");
            }

            var tensorCount = Count(reader.ReadUInt64(), "tensors");
            var keyCount = Count(reader.ReadUInt64(), "metadata keys");
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            for (long i = 0; i < keyCount; i++)
            {
                var key = String(reader);
                metadata[key] = Value(reader, reader.ReadUInt32());
            }

            var parameters = new Dictionary<string, long>(StringComparer.Ordinal);
            for (long i = 0; i < tensorCount; i++)
            {
                String(reader);
                var dims = reader.ReadUInt32();
                if (dims > 8)
                {
                    return Failed(displayName, size, $"Tensor {i} claims {dims} dimensions; GGUF allows at most 4.");
                }

                long elements = 1;
                for (var d = 0; d < dims; d++)
                {
                    elements = checked(elements * (long)Count(reader.ReadUInt64(), "elements of a dimension", long.MaxValue));
                }

                var type = TypeName(reader.ReadUInt32());
                reader.ReadUInt64();
                parameters[type] = parameters.GetValueOrDefault(type) + elements;
            }

            return new ModelValidation
            {
                File = displayName,
                Format = "gguf",
                SizeBytes = size,
                Tensors = tensorCount,
                Metadata = metadata,
                Parameters = new ModelParameters { Total = parameters.Values.Sum(), ByDtype = parameters },
            };
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or OverflowException)
        {
            return Failed(displayName, size, $"Not a GGUF file this reader can read: {e.Message}");
        }
        catch (IOException e)
        {
            return Failed(displayName, size, $"The file cannot be read: {e.Message}");
        }
    }

    private static long Count(ulong value, string what, long max = MaxCount) =>
        value <= (ulong)max ? (long)value : throw new InvalidDataException($"it claims {value} {what}");

    private static string String(BinaryReader reader)
    {
        var length = Count(reader.ReadUInt64(), "bytes of a string", MaxStringBytes);
        return Encoding.UTF8.GetString(reader.ReadBytes((int)length) is { } bytes && bytes.Length == length ? bytes : throw new EndOfStreamException("a string runs past the end of the file"));
    }

    // A metadata value as text; a list as its length and type (a tokenizer's vocabulary is one, with 100,000 strings).
    private static string Value(BinaryReader reader, uint type)
    {
        var c = CultureInfo.InvariantCulture;
        switch (type)
        {
            case 0: return reader.ReadByte().ToString(c);
            case 1: return reader.ReadSByte().ToString(c);
            case 2: return reader.ReadUInt16().ToString(c);
            case 3: return reader.ReadInt16().ToString(c);
            case 4: return reader.ReadUInt32().ToString(c);
            case 5: return reader.ReadInt32().ToString(c);
            case 6: return reader.ReadSingle().ToString("R", c);
            case 7: return reader.ReadByte() != 0 ? "true" : "false";
            case 8: return String(reader);
            case 10: return reader.ReadUInt64().ToString(c);
            case 11: return reader.ReadInt64().ToString(c);
            case 12: return reader.ReadDouble().ToString("R", c);
            case 9:
                var itemType = reader.ReadUInt32();
                var count = Count(reader.ReadUInt64(), "items of a list");
                for (long i = 0; i < count; i++)
                {
                    Value(reader, itemType);
                }

                return string.Create(c, $"[{count} items]");
            default:
                throw new InvalidDataException($"a metadata value has the unknown type {type}");
        }
    }

    // ggml's tensor types by the names llama.cpp prints.
    private static string TypeName(uint type) => type switch
    {
        0 => "F32", 1 => "F16", 2 => "Q4_0", 3 => "Q4_1", 6 => "Q5_0", 7 => "Q5_1", 8 => "Q8_0", 9 => "Q8_1", 10 => "Q2_K",
        11 => "Q3_K", 12 => "Q4_K", 13 => "Q5_K", 14 => "Q6_K", 15 => "Q8_K", 16 => "IQ2_XXS", 17 => "IQ2_XS", 18 => "IQ3_XXS",
        19 => "IQ1_S", 20 => "IQ4_NL", 21 => "IQ3_S", 22 => "IQ2_S", 23 => "IQ4_XS", 24 => "I8", 25 => "I16", 26 => "I32",
        27 => "I64", 28 => "F64", 29 => "IQ1_M", 30 => "BF16", 34 => "TQ1_0", 35 => "TQ2_0",
        _ => string.Create(CultureInfo.InvariantCulture, $"type-{type}"),
    };

    private static ModelValidation Failed(string file, long size, string error) => new() { File = file, Format = "gguf", SizeBytes = size, Errors = [error] };
}
