using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>Whether access to a repository must be requested: <c>false</c>, <c>"auto"</c> or <c>"manual"</c> on the wire.</summary>
[JsonConverter(typeof(GateModeJsonConverter))]
public enum GateMode
{
    /// <summary>Not gated (<c>false</c>).</summary>
    None,

    /// <summary>Requests are approved automatically (<c>"auto"</c>).</summary>
    Auto,

    /// <summary>Requests are approved by the owner (<c>"manual"</c>).</summary>
    Manual,
}
