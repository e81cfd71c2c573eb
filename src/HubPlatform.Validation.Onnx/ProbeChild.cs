using System.Globalization;
using System.Text.Json;
using HubPlatform.Hub.Validation;

namespace HubPlatform.Validation.Onnx;

/// <summary>
/// The child's side of the probe (spoken by <c>hub-probe</c>, and by <c>hub validate-one</c> for a hub without hub-probe
/// beside it). Two command lines:
/// <list type="bullet">
/// <item><c>validate-one --wait</c>: start ONNX Runtime, then read one line
/// <c>go TAB path TAB vocabulary-size TAB root TAB threads</c> from standard input and answer for that model; end at once on
/// anything else.</item>
/// <item><c>validate-one FILE [--vocab-size N] [--root DIR] [--threads N]</c>: answer for that model now.</item>
/// </list>
/// The answer is one or two lines of JSON on standard output: first what the file says (<see cref="OnnxInspector"/>), then,
/// only when the read found the model safe to load (no external data outside <c>root</c>, the model's folder by default),
/// what loading and running it showed (<see cref="OnnxProbe"/>, with that many threads per operator: 0 for one per core,
/// the default of the one-line form). The first line is written before ONNX Runtime sees the
/// model, so a crash in native code still leaves the parent the read.
/// </summary>
public static class ProbeChild
{
    /// <summary>Answers for a command line of one of the two shapes; null (nothing done) for any other.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Where the answer goes.</param>
    /// <param name="input">Where the parent's go line comes from.</param>
    /// <param name="cancellationToken">Stops the wait for the go line.</param>
    /// <returns>The exit code, or null when the arguments have another shape.</returns>
    public static async Task<int?> RunAsync(string[] args, TextWriter output, TextReader input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(input);
        if (args is ["validate-one", "--wait"])
        {
            // Ready before the model is known: ONNX Runtime, the reader and the serializer start while the parent finds the
            // model (or, in the mirror's worker, while no job is there).
            OnnxProbe.Prepare();
            OnnxInspector.Warm();
            var line = await input.ReadLineAsync(cancellationToken);
            if (line?.Split('\t') is not ["go", { Length: > 0 } path, var size, var root, var count]
                || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var threads))
            {
                return 0;
            }

            int? vocabulary = int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
            await AnswerAsync(path, root.Length > 0 ? root : null, vocabulary, threads, output, cancellationToken);
            return 0;
        }

        if (args.Length < 2 || args[0] != "validate-one" || args[1].StartsWith('-'))
        {
            return null;
        }

        int? given = null;
        string? folder = null;
        var cores = 0;
        for (var i = 2; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                return null;
            }

            if (args[i] == "--vocab-size" && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                given = n;
            }
            else if (args[i] == "--root")
            {
                folder = args[i + 1];
            }
            else if (args[i] == "--threads" && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                cores = t;
            }
            else
            {
                return null;
            }
        }

        await AnswerAsync(args[1], folder, given, cores, output, cancellationToken);
        return 0;
    }

    /// <summary>Answers for one model: its read, then, when the read found it safe to load, its probe (one line of JSON each).</summary>
    /// <param name="path">The model file.</param>
    /// <param name="root">The folder its external data must stay inside; null for the model's own folder.</param>
    /// <param name="vocabularySize">The vocabulary size token ids must stay under; null when unknown.</param>
    /// <param name="threads">The threads an operator may use; 0 for one per core.</param>
    /// <param name="output">Where the answer goes.</param>
    /// <param name="cancellationToken">Stops before the model is loaded.</param>
    public static async Task AnswerAsync(string path, string? root, int? vocabularySize, int threads, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(output);
        var full = Path.GetFullPath(path);
        var (read, loadable) = OnnxInspector.Read(full, root is null ? Path.GetDirectoryName(full)! : Path.GetFullPath(root), path);
        await output.WriteLineAsync(JsonSerializer.Serialize(read, ValidationJsonContext.Default.ModelValidation).AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
        if (loadable)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await output.WriteLineAsync(OnnxProbe.ToJson(OnnxProbe.Run(full, vocabularySize, threads)).AsMemory(), cancellationToken);
            await output.FlushAsync(cancellationToken);
        }
    }
}
