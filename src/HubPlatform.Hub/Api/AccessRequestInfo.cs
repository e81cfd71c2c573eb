using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>One request for the files of a gated repository (<c>GET /api/{type}/{repo}/user-access-request/{status}</c>).</summary>
public sealed record AccessRequestInfo
{
    /// <summary>Who asked.</summary>
    [JsonPropertyName("user")]
    public required AccessRequestUser User { get; init; }

    /// <summary><c>pending</c>, <c>accepted</c> or <c>rejected</c>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary>When it was made or last answered.</summary>
    [JsonPropertyName("timestamp")]
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The answers to the gate form's custom fields, when it has any.</summary>
    [JsonPropertyName("fields")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, JsonElement>? Fields { get; init; }
}
