using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The body POSTed to a multipart upload's completion URL.</summary>
public sealed record LfsMultipartCompletion
{
    /// <summary>The object's sha256.</summary>
    [JsonPropertyName("oid")]
    public required string Oid { get; init; }

    /// <summary>Every part, in order, with the ETag its upload was answered with.</summary>
    [JsonPropertyName("parts")]
    public required IReadOnlyList<LfsCompletedPart> Parts { get; init; }
}
