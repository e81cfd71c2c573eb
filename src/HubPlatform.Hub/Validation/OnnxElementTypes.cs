namespace HubPlatform.Hub.Validation;

/// <summary>ONNX tensor element types (<c>TensorProto.DataType</c>) by their numpy-style names, with their sizes.</summary>
public static class OnnxElementTypes
{
    /// <summary>The name of an element type (<c>float32</c>…), or <c>type-N</c> for one this reader does not know.</summary>
    public static string Name(int dataType) => dataType switch
    {
        1 => "float32",
        2 => "uint8",
        3 => "int8",
        4 => "uint16",
        5 => "int16",
        6 => "int32",
        7 => "int64",
        8 => "string",
        9 => "bool",
        10 => "float16",
        11 => "float64",
        12 => "uint32",
        13 => "uint64",
        14 => "complex64",
        15 => "complex128",
        16 => "bfloat16",
        17 => "float8e4m3fn",
        18 => "float8e4m3fnuz",
        19 => "float8e5m2",
        20 => "float8e5m2fnuz",
        21 => "uint4",
        22 => "int4",
        23 => "float4e2m1",
        _ => $"type-{dataType}",
    };

    /// <summary>
    /// The bytes <paramref name="elements"/> elements of a type take as raw data (four-bit types two to a byte); null for
    /// text, whose size the element count does not say.
    /// </summary>
    public static long? Bytes(int dataType, long elements) => dataType switch
    {
        2 or 3 or 9 or 17 or 18 or 19 or 20 => elements,
        4 or 5 or 10 or 16 => checked(elements * 2),
        1 or 6 or 12 => checked(elements * 4),
        7 or 11 or 13 or 14 => checked(elements * 8),
        15 => checked(elements * 16),
        21 or 22 or 23 => (elements + 1) / 2,
        _ => null,
    };
}
