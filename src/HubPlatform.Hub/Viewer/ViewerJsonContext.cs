using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>Source-generated JSON metadata for the dataset viewer's records, shared by the client and the mirror.</summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString, AllowTrailingCommas = true)]
[JsonSerializable(typeof(SplitsResponse))]
[JsonSerializable(typeof(IsValidResponse))]
[JsonSerializable(typeof(RowsResponse))]
[JsonSerializable(typeof(FirstRowsResponse))]
[JsonSerializable(typeof(ConfigInfoResponse))]
[JsonSerializable(typeof(DatasetInfoResponse))]
[JsonSerializable(typeof(SizeResponse))]
[JsonSerializable(typeof(ParquetFilesResponse))]
[JsonSerializable(typeof(ViewerError))]
[JsonSerializable(typeof(StatisticsResponse))]
public sealed partial class ViewerJsonContext : JsonSerializerContext;
