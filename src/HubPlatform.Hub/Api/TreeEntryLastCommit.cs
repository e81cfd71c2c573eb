using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The last commit touching a tree entry.</summary>
public sealed record TreeEntryLastCommit
{
    /// <summary>The commit id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The commit title.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>The commit date.</summary>
    [JsonPropertyName("date")]
    public DateTimeOffset? Date { get; init; }
}
