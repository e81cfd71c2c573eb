using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;

namespace HubPlatform.Datasets;

/// <summary>
/// The <c>huggingface</c> key the <c>datasets</c> library writes into Parquet files: converted files carry their features
/// there too, so that what Parquet types cannot say (a column of nulls only, a timestamp in seconds) survives the conversion.
/// </summary>
internal static class ConversionMetadata
{
    public static IReadOnlyDictionary<string, string> For(JsonObject features) =>
        new Dictionary<string, string>(StringComparer.Ordinal) { ["huggingface"] = new JsonObject { ["info"] = new JsonObject { ["features"] = features } }.ToJsonString() };

    public static async Task<ParquetWriter> CreateWriterAsync(ParquetSchema schema, Stream output, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var writer = await ParquetWriter.CreateAsync(schema, output, ParquetReading.Options(), cancellationToken: cancellationToken);
        writer.CustomMetadata = metadata;
        return writer;
    }
}
