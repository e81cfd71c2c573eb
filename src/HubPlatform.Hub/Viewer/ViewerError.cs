using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Viewer;

/// <summary>The dataset viewer's error body: <c>{"error": "…", "cause_exception"?, "cause_message"?}</c>.</summary>
public sealed record ViewerError
{
    /// <summary>The message.</summary>
    [JsonPropertyName("error")]
    public required string Error { get; init; }

    /// <summary>The kind of the underlying failure, when there is one worth naming.</summary>
    [JsonPropertyName("cause_exception")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CauseException { get; init; }

    /// <summary>The underlying failure's message.</summary>
    [JsonPropertyName("cause_message")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CauseMessage { get; init; }
}
