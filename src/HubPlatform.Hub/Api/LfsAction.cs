using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>
/// One LFS action: a URL, and a header map. For a multipart upload the header holds <c>chunk_size</c> and the part URLs under
/// numeric keys (<c>00001</c>, <c>00002</c>…), sorted as integers.
/// </summary>
public sealed record LfsAction
{
    /// <summary>The URL.</summary>
    [JsonPropertyName("href")]
    public required string Href { get; init; }

    /// <summary>Headers, or the multipart layout (values are strings, though some servers send <c>chunk_size</c> as a number).</summary>
    [JsonPropertyName("header")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, JsonElement>? Header { get; init; }

    /// <summary>The part size of a multipart upload, or null for a basic one.</summary>
    [JsonIgnore]
    public long? ChunkSize => Header?.TryGetValue("chunk_size", out var chunk) == true
        ? chunk.ValueKind == JsonValueKind.Number ? chunk.GetInt64() : long.Parse(chunk.GetString()!, CultureInfo.InvariantCulture)
        : null;

    /// <summary>The part URLs of a multipart upload by part number, in order.</summary>
    [JsonIgnore]
    public IReadOnlyList<(int Number, string Url)> Parts => Header is null
        ? []
        : Header.Where(h => int.TryParse(h.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _) && h.Value.ValueKind == JsonValueKind.String)
            .Select(h => (int.Parse(h.Key, CultureInfo.InvariantCulture), h.Value.GetString()!))
            .OrderBy(p => p.Item1)
            .ToList();
}
