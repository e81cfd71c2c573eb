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
        var config = ModelConfig.Find(file, root);
        var extension = Path.GetExtension(file).ToLowerInvariant();

        // The child starts while this process reads the file, and waits: its start and ONNX Runtime's overlap the read, which
        // for a large model is most of the time, yet it touches the model only once the read has found it safe to load (no
        // external data outside the repository).
        var go = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var probing = probe is not null && extension is not ".safetensors" and not ".gguf"
            ? probe.RunAsync(file, config?.VocabularySize, limits, cancellationToken, go.Task)
            : null;
        ModelValidation result;
        bool loadable;
        try
        {
            (result, loadable) = extension switch
            {
                ".safetensors" => (SafetensorsInspector.Inspect(file, name), false),
                ".gguf" => (GgufInspector.Inspect(file, name), false),
                _ => OnnxInspector.Read(file, root, name),
            };
            go.SetResult(loadable);
        }
        finally
        {
            go.TrySetResult(false);
        }

        if (probing is not null)
        {
            var probed = await probing;
            if (loadable)
            {
                result = result with { Probe = probed, Errors = probed.Loaded ? result.Errors : [.. result.Errors, probed.Error ?? "ONNX Runtime could not load the model."] };
            }
        }

        return ModelAnalysis.Analyze(result, config);
    }
}
