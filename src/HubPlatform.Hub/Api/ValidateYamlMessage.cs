using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>One error or warning of a <see cref="ValidateYamlResponse"/>.</summary>
/// <param name="Message">What is wrong, for people.</param>
public sealed record ValidateYamlMessage([property: JsonPropertyName("message")] string Message);
