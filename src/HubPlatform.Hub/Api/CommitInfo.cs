using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>A commit from <c>/api/{type}/{repo}/commits/{rev}</c>.</summary>
public sealed record CommitInfo
{
    /// <summary>The 40-hex commit id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The first line of the message.</summary>
    [JsonPropertyName("title")]
    public string Title { get; init; } = string.Empty;

    /// <summary>The rest of the message.</summary>
    [JsonPropertyName("message")]
    public string Message { get; init; } = string.Empty;

    /// <summary>The authors.</summary>
    [JsonPropertyName("authors")]
    public IReadOnlyList<CommitAuthor> Authors { get; init; } = [];

    /// <summary>The commit date.</summary>
    [JsonPropertyName("date")]
    public DateTimeOffset? Date { get; init; }

    /// <summary>HTML-formatted title and message, with <c>expand[]=formatted</c>.</summary>
    [JsonPropertyName("formatted")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Formatted { get; init; }
}
