using HubPlatform.Hub.Validation;

namespace HubPlatform.Validation;

/// <summary>
/// Validates one model file, whatever its format: reads it (ONNX, safetensors or GGUF by its extension), loads and runs an
/// ONNX model once through the probe when there is one, and adds architecture and task from the config.json beside it.
/// <c>hub validate</c> and the mirror's validation job both go through here.
/// </summary>
public static class ModelValidator
{
    /// <summary>Whether a file is a model this validator reads (by its extension).</summary>
    public static bool IsModel(string path) => Path.GetExtension(path).ToLowerInvariant() is ".onnx" or ".safetensors" or ".gguf";

    /// <summary>Validates the model at <paramref name="file"/>, whose external data and config.json must lie under <paramref name="root"/>.</summary>
    /// <param name="file">The model file.</param>
    /// <param name="root">The folder (repository) the model came in.</param>
    /// <param name="name">The name the result gives the file.</param>
    /// <param name="probe">The child process that loads and runs ONNX models, or null to read the files only.</param>
    /// <param name="limits">What the probe may take.</param>
    /// <param name="cancellationToken">Cancels.</param>
    public static async Task<ModelValidation> ValidateAsync(string file, string root, string name, ChildProbe? probe, ProbeLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var result = Path.GetExtension(file).ToLowerInvariant() switch
        {
            ".safetensors" => SafetensorsInspector.Inspect(file, name),
            ".gguf" => GgufInspector.Inspect(file, name),
            _ => OnnxInspector.Inspect(file, root, name),
        };
        var config = ModelConfig.Find(file, root);
        if (probe is not null && result.IrVersion is not null)
        {
            var probed = await probe.RunAsync(file, config?.VocabularySize, limits, cancellationToken);
            result = result with { Probe = probed, Errors = probed.Loaded ? result.Errors : [.. result.Errors, probed.Error ?? "ONNX Runtime could not load the model."] };
        }

        return ModelAnalysis.Analyze(result, config);
    }
}
