using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>Reads <c>false</c>/<c>true</c>/<c>"auto"</c>/<c>"manual"</c> and writes what the Hub writes.</summary>
public sealed class GateModeJsonConverter : JsonConverter<GateMode>
{
    /// <inheritdoc />
    public override GateMode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.False or JsonTokenType.Null => GateMode.None,
        JsonTokenType.True => GateMode.Auto,
        JsonTokenType.String => reader.GetString()?.ToLowerInvariant() switch
        {
            "manual" => GateMode.Manual,
            "auto" or "true" => GateMode.Auto,
            _ => GateMode.None,
        },
        _ => throw new JsonException($"Expected false, \"auto\" or \"manual\" for 'gated', got {reader.TokenType}."),
    };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, GateMode value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value)
        {
            case GateMode.Auto:
                writer.WriteStringValue("auto");
                break;
            case GateMode.Manual:
                writer.WriteStringValue("manual");
                break;
            default:
                writer.WriteBooleanValue(false);
                break;
        }
    }
}
