using System.Buffers.Binary;
using System.Text;

namespace HubPlatform.Validation.Tests;

/// <summary>safetensors and GGUF files the tests write are described from their headers, and broken ones refused with the reason.</summary>
public sealed class WeightFileInspectorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("weights-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_safetensors_header_gives_tensors_parameters_by_type_and_metadata()
    {
        var path = Safetensors("""{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[4,3],"data_offsets":[0,48]},"b":{"dtype":"BF16","shape":[3],"data_offsets":[48,54]}}""", 54);

        var result = SafetensorsInspector.Inspect(path, "model.safetensors");

        Assert.Empty(result.Errors);
        Assert.Equal(("safetensors", 2L, 15L), (result.Format, result.Tensors, result.Parameters.Total));
        Assert.Equal(new Dictionary<string, long> { ["float32"] = 12, ["bfloat16"] = 3 }, result.Parameters.ByDtype);
        Assert.Equal("pt", result.Metadata["format"]);
        Assert.Equal(new FileInfo(path).Length, result.SizeBytes);
    }

    [Theory]
    [InlineData("""{"w":{"dtype":"F32","shape":[4,3],"data_offsets":[0,40]}}""", 48, "holds 40 bytes where its shape and F32 need 48")]
    [InlineData("""{"w":{"dtype":"F32","shape":[4,3],"data_offsets":[0,480]}}""", 48, "data offsets outside the file")]
    [InlineData("""{"w":{"dtype":"F32","shape":[-4],"data_offsets":[0,0]}}""", 0, "not a count")]
    [InlineData("""{"w":{"shape":[4]}}""", 0, "lacks its dtype")]
    [InlineData("""[1, 2]""", 0, "not a JSON object")]
    [InlineData("""{"w": """, 0, "not JSON")]
    public void A_broken_safetensors_file_says_what_is_wrong(string header, int dataBytes, string reason)
    {
        var result = SafetensorsInspector.Inspect(Safetensors(header, dataBytes), "model.safetensors");

        Assert.Contains(reason, Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_safetensors_file_whose_header_length_lies_is_refused()
    {
        var path = Path.Combine(_folder, "lies.safetensors");
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1UL << 40);
        File.WriteAllBytes(path, bytes);

        Assert.Contains("header claims", Assert.Single(SafetensorsInspector.Inspect(path, "lies.safetensors").Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_gguf_header_gives_metadata_tensors_and_quantisation_types()
    {
        var path = Path.Combine(_folder, "model.gguf");
        using (var writer = new BinaryWriter(File.Create(path)))
        {
            writer.Write(0x46554747u);
            writer.Write(3u);
            writer.Write(2UL); // tensors
            writer.Write(3UL); // metadata keys
            Key(writer, "general.architecture");
            writer.Write(8u);
            Text(writer, "llama");
            Key(writer, "llama.context_length");
            writer.Write(4u);
            writer.Write(4096u);
            Key(writer, "tokenizer.ggml.tokens");
            writer.Write(9u);
            writer.Write(8u);
            writer.Write(3UL);
            Text(writer, "a");
            Text(writer, "b");
            Text(writer, "c");
            Tensor(writer, "token_embd.weight", 12, 32, 1000);
            Tensor(writer, "output_norm.weight", 0, 32);
            writer.Write(new byte[64]);
        }

        var result = GgufInspector.Inspect(path, "model.gguf");

        Assert.Empty(result.Errors);
        Assert.Equal(("gguf", 2L, 32_032L), (result.Format, result.Tensors, result.Parameters.Total));
        Assert.Equal(new Dictionary<string, long> { ["Q4_K"] = 32_000, ["F32"] = 32 }, result.Parameters.ByDtype);
        Assert.Equal("llama", result.Metadata["general.architecture"]);
        Assert.Equal("4096", result.Metadata["llama.context_length"]);
        Assert.Equal("[3 items]", result.Metadata["tokenizer.ggml.tokens"]);
    }

    [Fact]
    public void A_file_that_is_not_gguf_or_ends_early_is_refused()
    {
        var text = Path.Combine(_folder, "text.gguf");
        File.WriteAllText(text, "this is a text file, not a model at all");
        var truncated = Path.Combine(_folder, "truncated.gguf");
        File.WriteAllBytes(truncated, [.. BitConverter.GetBytes(0x46554747u), .. BitConverter.GetBytes(3u), .. BitConverter.GetBytes(1UL), .. BitConverter.GetBytes(1UL), 5, 0, 0]);
        var huge = Path.Combine(_folder, "huge.gguf");
        File.WriteAllBytes(huge, [.. BitConverter.GetBytes(0x46554747u), .. BitConverter.GetBytes(3u), .. BitConverter.GetBytes(ulong.MaxValue), .. BitConverter.GetBytes(1UL)]);

        Assert.StartsWith("Not a GGUF file: it does not start", Assert.Single(GgufInspector.Inspect(text, "text.gguf").Errors), StringComparison.Ordinal);
        Assert.StartsWith("Not a GGUF file this reader can read", Assert.Single(GgufInspector.Inspect(truncated, "truncated.gguf").Errors), StringComparison.Ordinal);
        Assert.Contains("claims", Assert.Single(GgufInspector.Inspect(huge, "huge.gguf").Errors), StringComparison.Ordinal);
    }

    private string Safetensors(string header, int dataBytes)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".safetensors");
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void Key(BinaryWriter writer, string key) => Text(writer, key);

    private static void Text(BinaryWriter writer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void Tensor(BinaryWriter writer, string name, uint type, params ulong[] dims)
    {
        Text(writer, name);
        writer.Write((uint)dims.Length);
        foreach (var dim in dims)
        {
            writer.Write(dim);
        }

        writer.Write(type);
        writer.Write(0UL);
    }
}
