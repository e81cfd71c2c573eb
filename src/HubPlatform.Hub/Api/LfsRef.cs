using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The branch of an LFS batch request.</summary>
/// <param name="Name">The branch name.</param>
public sealed record LfsRef([property: JsonPropertyName("name")] string Name);
