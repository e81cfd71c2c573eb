using System.Text.Json.Nodes;

namespace HubPlatform.Datasets.Tests;

public sealed class MediaCellsTests
{
    public static TheoryData<byte[], string?, int, int> Headers() => new()
    {
        { [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 1, 0, 0, 0, 0, 200], "image/png", 256, 200 },
        { [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 10, 0, 20, 0], "image/gif", 10, 20 },
        // JPEG: SOI, an APP0 segment of 4 bytes to skip, then SOF0 with height 480 and width 640.
        { [0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11, 8, 0x01, 0xE0, 0x02, 0x80, 3, 1, 0x22, 0], "image/jpeg", 640, 480 },
        // WebP lossless (VP8L): 14-bit width - 1 and height - 1 after the signature byte 0x2F.
        { [(byte)'R', (byte)'I', (byte)'F', (byte)'F', 0, 0, 0, 0, (byte)'W', (byte)'E', (byte)'B', (byte)'P', (byte)'V', (byte)'P', (byte)'8', (byte)'L', 0, 0, 0, 0, 0x2F, 99, 0xC0, 0x18, 0, 0, 0, 0, 0, 0], "image/webp", 100, 100 },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void Image_types_and_sizes_come_from_their_headers(byte[] bytes, string? type, int width, int height)
    {
        Assert.Equal(type, MediaCells.ContentType(bytes));
        Assert.Equal((width, height), MediaCells.ImageSize(bytes));
    }

    [Fact]
    public void Anything_else_is_no_media_type_and_cells_without_bytes_have_none()
    {
        Assert.Null(MediaCells.ContentType("<svg onload=alert(1)>"u8));
        Assert.Null(MediaCells.ImageSize("<svg>"u8));
        Assert.Equal("audio/wav", MediaCells.ContentType("RIFF\0\0\0\0WAVEfmt "u8));
        Assert.Null(MediaCells.BytesOf(new JsonObject { ["bytes"] = null, ["path"] = "a.png" }));
        Assert.Null(MediaCells.BytesOf(new JsonObject { ["bytes"] = "not base64!" }));
        Assert.Equal([1, 2], MediaCells.BytesOf(new JsonObject { ["bytes"] = "AQI=" }));
        Assert.True(MediaCells.IsImage(new JsonObject { ["_type"] = "Image" }));
        Assert.True(MediaCells.IsAudio(new JsonObject { ["_type"] = "Audio" }));
        Assert.False(MediaCells.IsImage(new JsonObject { ["dtype"] = "string", ["_type"] = "Value" }));
    }
}
