using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Validation;

/// <summary>A model's parameter count, in total and by element type, and the bytes they take by element type.</summary>
public sealed record ModelParameters
{
    /// <summary>All parameters.</summary>
    [JsonPropertyName("total")]
    public long Total { get; init; }

    /// <summary>Parameters by element type (<c>float32</c>, <c>int8</c>…).</summary>
    [JsonPropertyName("byDtype")]
    public IReadOnlyDictionary<string, long> ByDtype { get; init; } = new Dictionary<string, long>();

    /// <summary>The bytes those parameters take, by element type.</summary>
    [JsonPropertyName("bytesByDtype")]
    public IReadOnlyDictionary<string, long> BytesByDtype { get; init; } = new Dictionary<string, long>();
}
