using HubPlatform.Hub.Validation;
using HubPlatform.Validation.Onnx;

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
        var result = Path.GetExtension(file).ToLowerInvariant() switch
        {
            ".safetensors" => SafetensorsInspector.Inspect(file, name),
            ".gguf" => GgufInspector.Inspect(file, name),

            // The child reads the model as well as running it, so that this process, which started it before the model
            // was known, waits on one process's work rather than a read here and then a load there.
            _ when probe is not null => Combine(file, name, await probe.RunAsync(file, root, config?.VocabularySize, limits, cancellationToken)),
            _ => OnnxInspector.Inspect(file, root, name),
        };
        return ModelAnalysis.Analyze(result, config);
    }

    private static ModelValidation Combine(string file, string name, ChildProbeAnswer answer)
    {
        // A child that ended before it said anything of the file leaves only what the file system says of it.
        var read = answer.Read is { } said ? said with { File = name } : new ModelValidation { File = name, Format = "onnx", SizeBytes = Length(file) };
        return answer.Probe is not { } probed
            ? read
            : read with { Probe = probed, Errors = probed.Loaded ? read.Errors : [.. read.Errors, probed.Error ?? "ONNX Runtime could not load the model."] };
    }

    // The length of what the path leads to: the mirror's job lays models out as links to stored bytes, and FileInfo would
    // give the link's own length.
    private static long Length(string file)
    {
        try
        {
            using var handle = File.OpenHandle(file);
            return RandomAccess.GetLength(handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
