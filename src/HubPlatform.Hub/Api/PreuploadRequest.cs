using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The body of <c>POST /api/{type}/{repo}/preupload/{rev}</c>: which of these files go through LFS?</summary>
public sealed record PreuploadRequest
{
    /// <summary>The files (Python sends 256 per call, JS 100).</summary>
    [JsonPropertyName("files")]
    public required IReadOnlyList<PreuploadFile> Files { get; init; }

    /// <summary>The <c>.gitignore</c> text of the upload, whose rules the answer's <c>shouldIgnore</c> follows.</summary>
    [JsonPropertyName("gitIgnore")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? GitIgnore { get; init; }

    /// <summary>The <c>.gitattributes</c> text to decide by instead of the one at the revision (JS).</summary>
    [JsonPropertyName("gitAttributes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? GitAttributes { get; init; }
}
