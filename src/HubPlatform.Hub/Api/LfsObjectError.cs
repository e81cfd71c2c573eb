using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>Why an LFS object is refused (Python aborts the upload on it).</summary>
/// <param name="Code">An HTTP-like status, such as 404 or 422.</param>
/// <param name="Message">What is wrong.</param>
public sealed record LfsObjectError([property: JsonPropertyName("code")] int Code, [property: JsonPropertyName("message")] string Message);
