using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>A file or directory from <c>/tree</c> or <c>/paths-info</c>.</summary>
public sealed record TreeEntry
{
    /// <summary>The value of <see cref="Type"/> for files.</summary>
    public const string FileType = "file";

    /// <summary>The value of <see cref="Type"/> for directories.</summary>
    public const string DirectoryType = "directory";

    /// <summary><c>file</c> or <c>directory</c>; clients treat anything but <c>file</c> as a directory.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>The git object id (for LFS files, of the pointer).</summary>
    [JsonPropertyName("oid")]
    public required string Oid { get; init; }

    /// <summary>The real size in bytes (0 for directories).</summary>
    [JsonPropertyName("size")]
    public long Size { get; init; }

    /// <summary>The path relative to the repository root, whatever folder was listed.</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary>LFS data, for LFS files.</summary>
    [JsonPropertyName("lfs")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TreeEntryLfsInfo? Lfs { get; init; }

    /// <summary>The last commit that touched the path; only with <c>expand=true</c>.</summary>
    [JsonPropertyName("lastCommit")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TreeEntryLastCommit? LastCommit { get; init; }

    /// <summary>The security scan status; only with <c>expand=true</c>.</summary>
    [JsonPropertyName("securityFileStatus")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? SecurityFileStatus { get; init; }

    /// <summary>The Xet hash of Xet-stored files.</summary>
    [JsonPropertyName("xetHash")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? XetHash { get; init; }

    /// <summary>Whether this entry is a file.</summary>
    [JsonIgnore]
    public bool IsFile => string.Equals(Type, FileType, StringComparison.Ordinal);

    /// <summary>Every field this type does not name, kept as the server sent it.</summary>
    [JsonExtensionData]
    [JsonInclude]
    public Dictionary<string, JsonElement>? ExtensionData { get; internal set; }
}
