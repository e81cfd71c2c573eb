using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>One part of a <see cref="LfsMultipartCompletion"/>.</summary>
/// <param name="PartNumber">Its number, from 1.</param>
/// <param name="Etag">The ETag its upload was answered with (quotes included, as sent).</param>
public sealed record LfsCompletedPart([property: JsonPropertyName("partNumber")] int PartNumber, [property: JsonPropertyName("etag")] string Etag);
