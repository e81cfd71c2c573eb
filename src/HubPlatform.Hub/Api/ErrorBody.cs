using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The Hub's error body, <c>{"error": "…"}</c>; <c>error</c> may also be a list, and other keys occur.</summary>
public sealed record ErrorBody
{
    /// <summary>The message, a string or a list of strings.</summary>
    [JsonPropertyName("error")]
    public JsonElement? Error { get; init; }

    /// <summary>An alternative message key some servers use.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>An OAuth-style message.</summary>
    [JsonPropertyName("error_description")]
    public string? ErrorDescription { get; init; }
}
