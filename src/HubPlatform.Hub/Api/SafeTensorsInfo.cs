using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>Parameter counts read from a model's safetensors headers.</summary>
public sealed record SafeTensorsInfo
{
    /// <summary>Parameters by dtype (<c>F32</c>, <c>BF16</c>, …).</summary>
    [JsonPropertyName("parameters")]
    public IReadOnlyDictionary<string, long> Parameters { get; init; } = new Dictionary<string, long>();

    /// <summary>The total parameter count.</summary>
    [JsonPropertyName("total")]
    public long Total { get; init; }
}
