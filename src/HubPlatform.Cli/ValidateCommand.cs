using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HubPlatform.Hub.Validation;
using HubPlatform.Validation;

namespace HubPlatform.Cli;

/// <summary>
/// <c>hub validate PATH... [--json]</c>: reads ONNX models on disk (files, or folders searched for <c>*.onnx</c>, a folder
/// being the repository its models' external data must stay in) and reports their size, parameters, operators, inputs and
/// outputs. Exit 0 when every model was read, 1 when any failed, 2 on bad usage.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("PATH") { Description = "ONNX files, or folders to search for them.", Arity = ArgumentArity.OneOrMore };
        var json = CommonOptions.Json();
        var command = new Command("validate", "Read ONNX models and report their size, parameters by element type, operators, inputs and outputs.") { paths, json };
        command.SetHandler(context, async (parse, ct) =>
        {
            var models = Expand(parse.GetValue(paths) ?? []);
            var results = new List<ModelValidation>();
            foreach (var (file, root, name) in models)
            {
                ct.ThrowIfCancellationRequested();
                results.Add(OnnxInspector.Inspect(file, root, name));
            }

            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(results, ValidationJsonContext.Default.ListModelValidation));
            }
            else
            {
                foreach (var result in results)
                {
                    await context.Out.WriteAsync(ToText(result));
                }
            }

            return results.Any(r => r.Errors.Count > 0) ? ExitCodes.HubError : ExitCodes.Success;
        });
        return command;
    }

    // Each model as (file, the folder its external data must stay in, the name to print): a folder's models are named
    // relative to it.
    private static List<(string File, string Root, string Name)> Expand(string[] paths)
    {
        var models = new List<(string, string, string)>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var root = Path.GetFullPath(path);
                var found = Directory.EnumerateFiles(root, "*.onnx", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                {
                    throw new UsageException($"{path} holds no .onnx file.");
                }

                models.AddRange(found.Select(f => (f, root, Path.GetRelativePath(root, f).Replace('\\', '/'))));
            }
            else if (File.Exists(path))
            {
                var full = Path.GetFullPath(path);
                models.Add((full, Path.GetDirectoryName(full)!, path));
            }
            else
            {
                throw new UsageException($"{path}: no such file or folder.");
            }
        }

        return models;
    }

    private static string ToText(ModelValidation result)
    {
        var text = new System.Text.StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"{result.File}: ");
        if (result.IrVersion is null)
        {
            text.Append("not read\n");
        }
        else
        {
            var opset = result.Opsets.TryGetValue(string.Empty, out var version) ? $", opset {version}" : string.Empty;
            text.Append(c, $"ONNX IR {result.IrVersion}{opset}, {Sizes.Human(result.SizeBytes)}, {result.Parameters.Total:N0} parameters");
            if (result.Parameters.ByDtype.Count > 0)
            {
                text.Append(" (").AppendJoin(", ", result.Parameters.ByDtype.OrderByDescending(p => p.Value).Select(p => string.Create(c, $"{p.Key} {p.Value:N0}"))).Append(')');
            }

            text.Append('\n');
            text.Append("  producer: ").Append(result.Producer is { Name.Length: > 0 } p ? $"{p.Name} {p.Version}".TrimEnd() : "unknown").Append('\n');
            foreach (var (label, tensors) in new[] { ("input", result.Inputs), ("output", result.Outputs) })
            {
                foreach (var tensor in tensors)
                {
                    var shape = tensor.Shape is null ? "?" : "[" + string.Join(", ", tensor.Shape.Select(d => d?.ToJsonString().Trim('"') ?? "?")) + "]";
                    text.Append(c, $"  {label} {tensor.Name}: {tensor.Dtype} {shape}\n");
                }
            }

            text.Append("  ops: ").AppendJoin(", ", result.Ops.OrderByDescending(o => o.Value).ThenBy(o => o.Key, StringComparer.Ordinal).Take(12).Select(o => string.Create(c, $"{o.Key} {o.Value}")));
            text.Append(result.Ops.Count > 12 ? ", …\n" : "\n");
        }

        foreach (var error in result.Errors)
        {
            text.Append("  error: ").Append(error).Append('\n');
        }

        return text.ToString();
    }
}
