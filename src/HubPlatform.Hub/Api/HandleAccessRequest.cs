using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The body of <c>POST /api/{type}/{repo}/user-access-request/handle</c> (and, with only <c>user</c>, of <c>…/grant</c>).</summary>
public sealed record HandleAccessRequest
{
    /// <summary>The user whose request is answered.</summary>
    [JsonPropertyName("user")]
    public required string User { get; init; }

    /// <summary><c>accepted</c>, <c>rejected</c> or <c>pending</c> (which cancels an answer); absent for a grant.</summary>
    [JsonPropertyName("status")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }

    /// <summary>Why, with <c>rejected</c>.</summary>
    [JsonPropertyName("rejectionReason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RejectionReason { get; init; }
}
