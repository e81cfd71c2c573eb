using HubPlatform.Hub.Validation;

namespace HubPlatform.Cards;

/// <summary>
/// What a repository's files show about the model, for the audit to hold the card against: the validation of each model
/// file, and which of the <see cref="MarkerFiles"/> are there.
/// </summary>
/// <param name="Models">An element per model file (ONNX, safetensors, GGUF), as validation found it.</param>
/// <param name="Files">The repository paths present among <see cref="MarkerFiles"/> (other paths are ignored).</param>
public sealed record ModelEvidence(IReadOnlyList<ModelValidation> Models, IReadOnlyCollection<string> Files)
{
    /// <summary>The files at a repository's root that say which libraries can load it; callers look only for these.</summary>
    public static IReadOnlyList<string> MarkerFiles { get; } =
    [
        "config.json", "pytorch_model.bin", "pytorch_model.bin.index.json", "model.safetensors.index.json", "tf_model.h5",
        "flax_model.msgpack", "modules.json", "config_sentence_transformers.json", "model_index.json", "adapter_config.json",
    ];
}
