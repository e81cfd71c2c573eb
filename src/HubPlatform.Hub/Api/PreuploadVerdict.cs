using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>How one file of a preupload goes: <c>lfs</c> or <c>regular</c>, ignored or not, and what the revision has there.</summary>
public sealed record PreuploadVerdict
{
    /// <summary>The path asked about.</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary><c>lfs</c> or <c>regular</c>.</summary>
    [JsonPropertyName("uploadMode")]
    public required string UploadMode { get; init; }

    /// <summary>Whether the upload's <c>.gitignore</c> leaves the file out.</summary>
    [JsonPropertyName("shouldIgnore")]
    public bool ShouldIgnore { get; init; }

    /// <summary>The id the revision has at this path (git blob id, or sha256 for an LFS file), when it has one.</summary>
    [JsonPropertyName("oid")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Oid { get; init; }

    /// <summary>Whether the file goes through LFS.</summary>
    [JsonIgnore]
    public bool IsLfs => UploadMode == "lfs";
}
