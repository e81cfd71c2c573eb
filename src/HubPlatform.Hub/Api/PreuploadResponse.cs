using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The answer to a <see cref="PreuploadRequest"/>.</summary>
public sealed record PreuploadResponse
{
    /// <summary>One verdict per file asked about.</summary>
    [JsonPropertyName("files")]
    public required IReadOnlyList<PreuploadVerdict> Files { get; init; }

    /// <summary>The commit the revision points at now.</summary>
    [JsonPropertyName("commitOid")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CommitOid { get; init; }
}
