using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Validation;

/// <summary>Source-generated JSON metadata for the validation records, shared by the CLI, the client and the mirror.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(ModelValidation))]
[JsonSerializable(typeof(List<ModelValidation>))]
[JsonSerializable(typeof(ModelProbe))]
[JsonSerializable(typeof(ModelValidationResponse))]
[JsonSerializable(typeof(List<ModelCardFinding>))]
[JsonSerializable(typeof(ModelValidationSummary))]
public sealed partial class ValidationJsonContext : JsonSerializerContext;
