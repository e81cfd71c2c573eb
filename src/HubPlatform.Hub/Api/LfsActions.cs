using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The actions of an object in an LFS batch answer.</summary>
public sealed record LfsActions
{
    /// <summary>Where to send the bytes (or, for multipart, the completion URL with the part URLs in its header).</summary>
    [JsonPropertyName("upload")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LfsAction? Upload { get; init; }

    /// <summary>Where to confirm the upload.</summary>
    [JsonPropertyName("verify")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LfsAction? Verify { get; init; }

    /// <summary>Where to fetch the bytes.</summary>
    [JsonPropertyName("download")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LfsAction? Download { get; init; }
}
