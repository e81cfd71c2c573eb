using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>
/// One object of an LFS batch answer: with no <see cref="Actions"/> the server has it already; with <see cref="Error"/> it is
/// refused.
/// </summary>
public sealed record LfsBatchObject
{
    /// <summary>The object's sha256, echoed.</summary>
    [JsonPropertyName("oid")]
    public required string Oid { get; init; }

    /// <summary>Its size, echoed.</summary>
    [JsonPropertyName("size")]
    public long Size { get; init; }

    /// <summary>Whether the actions carry their own credentials.</summary>
    [JsonPropertyName("authenticated")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Authenticated { get; init; }

    /// <summary>What to do with it.</summary>
    [JsonPropertyName("actions")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LfsActions? Actions { get; init; }

    /// <summary>Why it is refused.</summary>
    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LfsObjectError? Error { get; init; }
}
