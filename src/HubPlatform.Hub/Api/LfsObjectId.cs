using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>An LFS object by sha256 and size (also the body of a verify call).</summary>
/// <param name="Oid">The lowercase hex sha256.</param>
/// <param name="Size">The size in bytes.</param>
public sealed record LfsObjectId([property: JsonPropertyName("oid")] string Oid, [property: JsonPropertyName("size")] long Size);
