using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Validation;

/// <summary>
/// What validation found in one model file: its format, size, parameters, operators, inputs and outputs, read from the
/// file itself (what <c>hub validate --json</c> prints, an element per model).
/// </summary>
public sealed record ModelValidation
{
    /// <summary>The file, relative to the folder or repository it was found in.</summary>
    [JsonPropertyName("file")]
    public required string File { get; init; }

    /// <summary>The format (<c>onnx</c>, <c>safetensors</c> or <c>gguf</c>).</summary>
    [JsonPropertyName("format")]
    public required string Format { get; init; }

    /// <summary>The ONNX IR version.</summary>
    [JsonPropertyName("irVersion")]
    public long? IrVersion { get; init; }

    /// <summary>Operator set versions by domain (<c>""</c> is the default ONNX domain).</summary>
    [JsonPropertyName("opsets")]
    public IReadOnlyDictionary<string, long> Opsets { get; init; } = new Dictionary<string, long>();

    /// <summary>The tool that wrote the model.</summary>
    [JsonPropertyName("producer")]
    public ModelProducer? Producer { get; init; }

    /// <summary>The file's bytes plus those of its external data files.</summary>
    [JsonPropertyName("sizeBytes")]
    public long SizeBytes { get; init; }

    /// <summary>Parameters: elements of every initializer and constant tensor, in the main graph and every subgraph.</summary>
    [JsonPropertyName("parameters")]
    public ModelParameters Parameters { get; init; } = new();

    /// <summary>Nodes by operator (<c>domain:op</c> outside the default domain), subgraphs included.</summary>
    [JsonPropertyName("ops")]
    public IReadOnlyDictionary<string, long> Ops { get; init; } = new Dictionary<string, long>();

    /// <summary>How many tensors the file holds (safetensors and GGUF; null for ONNX, whose parameters say more).</summary>
    [JsonPropertyName("tensors")]
    public long? Tensors { get; init; }

    /// <summary>
    /// The file's own metadata: ONNX <c>metadata_props</c>, safetensors <c>__metadata__</c>, GGUF key/value pairs (a list
    /// shown by its length).
    /// </summary>
    [JsonPropertyName("metadata")]
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>The graph's inputs (initializers listed as inputs by older exporters are left out).</summary>
    [JsonPropertyName("inputs")]
    public IReadOnlyList<ModelTensor> Inputs { get; init; } = [];

    /// <summary>The graph's outputs.</summary>
    [JsonPropertyName("outputs")]
    public IReadOnlyList<ModelTensor> Outputs { get; init; } = [];

    /// <summary>The model's architecture family, with its evidence; null when the model was not read.</summary>
    [JsonPropertyName("architecture")]
    public ModelArchitecture? Architecture { get; init; }

    /// <summary>The task the model performs, with its evidence and whether the probe run verified it; null when the model was not read.</summary>
    [JsonPropertyName("task")]
    public ModelTask? Task { get; init; }

    /// <summary>What loading the model in ONNX Runtime and one run on synthetic inputs showed; null when it was not run.</summary>
    [JsonPropertyName("probe")]
    public ModelProbe? Probe { get; init; }

    /// <summary>Why the model could not be read, or what is wrong in it; empty when it was read whole.</summary>
    [JsonPropertyName("errors")]
    public IReadOnlyList<string> Errors { get; init; } = [];
}
