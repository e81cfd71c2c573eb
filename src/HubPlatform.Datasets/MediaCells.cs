using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HubPlatform.Datasets;

/// <summary>
/// Image and audio cells (the <c>datasets</c> library stores them as a struct of <c>bytes</c> and <c>path</c>), which the viewer
/// shows as links to assets rather than inline bytes: what kind a feature is, the bytes of a cell, their media type (from
/// their first bytes; only raster images and common audio formats are served as such) and an image's size from its header.
/// </summary>
public static class MediaCells
{
    /// <summary>Whether a feature is an <c>Image</c>.</summary>
    public static bool IsImage(JsonNode? feature) => TypeOf(feature) == "Image";

    /// <summary>Whether a feature is an <c>Audio</c>.</summary>
    public static bool IsAudio(JsonNode? feature) => TypeOf(feature) == "Audio";

    /// <summary>The bytes of an image or audio cell, or null when it holds none (a path only, or a null cell).</summary>
    public static byte[]? BytesOf(JsonNode? cell)
    {
        if (cell is not JsonObject { } media || media["bytes"] is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(value.GetValue<string>());
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The media type of some bytes, from their signature; null for anything not a raster image or common audio.</summary>
    public static string? ContentType(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', ..] => "image/gif",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'A', (byte)'V', (byte)'E', ..] => "audio/wav",
        [(byte)'B', (byte)'M', ..] => "image/bmp",
        [(byte)'f', (byte)'L', (byte)'a', (byte)'C', ..] => "audio/flac",
        [(byte)'O', (byte)'g', (byte)'g', (byte)'S', ..] => "audio/ogg",
        [(byte)'I', (byte)'D', (byte)'3', ..] or [0xFF, >= 0xE0, ..] => "audio/mpeg",
        _ => null,
    };

    /// <summary>An image's width and height from its header (PNG, GIF, BMP, JPEG, WebP), or null.</summary>
    public static (int Width, int Height)? ImageSize(ReadOnlySpan<byte> bytes)
    {
        switch (ContentType(bytes))
        {
            case "image/png" when bytes.Length >= 24:
                return ((int)BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]), (int)BinaryPrimitives.ReadUInt32BigEndian(bytes[20..]));
            case "image/gif" when bytes.Length >= 10:
                return (BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]), BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]));
            case "image/bmp" when bytes.Length >= 26:
                return (BinaryPrimitives.ReadInt32LittleEndian(bytes[18..]), Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(bytes[22..])));
            case "image/jpeg":
                return JpegSize(bytes);
            case "image/webp" when bytes.Length >= 30:
                return WebpSize(bytes);
            default:
                return null;
        }
    }

    private static string? TypeOf(JsonNode? feature) =>
        feature is JsonObject f && f["_type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;

    // The size is in the first start-of-frame segment (SOF0-SOF15 but DHT, JPG and DAC); segments before it are skipped by length.
    private static (int, int)? JpegSize(ReadOnlySpan<byte> bytes)
    {
        var at = 2;
        while (at + 9 < bytes.Length)
        {
            if (bytes[at] != 0xFF)
            {
                return null;
            }

            var marker = bytes[at + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 5)..]));
            }

            at += 2 + length;
        }

        return null;
    }

    private static (int, int)? WebpSize(ReadOnlySpan<byte> bytes) => bytes[12..16] switch
    {
        [(byte)'V', (byte)'P', (byte)'8', (byte)' '] => (BinaryPrimitives.ReadUInt16LittleEndian(bytes[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(bytes[28..]) & 0x3FFF),
        [(byte)'V', (byte)'P', (byte)'8', (byte)'L'] => (1 + (bytes[21] | ((bytes[22] & 0x3F) << 8)), 1 + ((bytes[22] >> 6) | (bytes[23] << 2) | ((bytes[24] & 0x0F) << 10))),
        [(byte)'V', (byte)'P', (byte)'8', (byte)'X'] => (1 + (bytes[24] | (bytes[25] << 8) | (bytes[26] << 16)), 1 + (bytes[27] | (bytes[28] << 8) | (bytes[29] << 16))),
        _ => null,
    };
}
