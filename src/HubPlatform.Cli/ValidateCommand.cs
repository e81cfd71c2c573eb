using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HubPlatform.Cards;
using HubPlatform.Client;
using HubPlatform.Hub;
using HubPlatform.Hub.Validation;
using HubPlatform.Validation;
using HubPlatform.Validation.Onnx;

namespace HubPlatform.Cli;

/// <summary>
/// <c>hub validate PATH... [--json]</c>: reads ONNX models on disk (files, or folders searched for <c>*.onnx</c>, a folder
/// being the repository its models' external data must stay in), loads each in ONNX Runtime in a child process
/// (<c>hub-probe</c>) and runs it once, and reports size, parameters, operators, inputs, outputs and what the run
/// showed. Exit 0 when every model was read and loaded, 1 when any failed, 2 on bad usage.
/// </summary>
internal static class ValidateCommand
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        var paths = new Argument<string[]>("PATH") { Description = "ONNX, safetensors or GGUF files, or folders to search for them.", Arity = ArgumentArity.OneOrMore };
        var json = CommonOptions.Json();
        var noRun = new Option<bool>("--no-run") { Description = "Read the files only; do not load them in ONNX Runtime." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds a model may take to load and run once (default 120).", DefaultValueFactory = _ => ProbeLimits.Default.Timeout.TotalSeconds };
        var memory = new Option<long>("--memory") { Description = "MiB of memory a model may take to load and run once (default 4096).", DefaultValueFactory = _ => ProbeLimits.Default.MemoryBytes / (1024 * 1024) };
        var remote = new Option<bool>("--remote") { Description = "PATH names model repositories: print what the Hub endpoint's validation found (waiting up to --timeout while it runs)." };
        var revision = CommonOptions.Revision();
        var command = new Command("validate", "Read ONNX models, load each in ONNX Runtime and run it once; report size, parameters, operators, inputs and outputs.")
        {
            paths, json, noRun, timeout, memory, remote, revision,
        };
        command.SetHandler(context, async (parse, ct) =>
        {
            if (parse.GetValue(timeout) <= 0 || parse.GetValue(memory) <= 0)
            {
                throw new UsageException("--timeout and --memory must be positive.");
            }

            var results = new List<ModelValidation>();
            var pending = new List<string>();
            if (parse.GetValue(remote))
            {
                using var client = context.CreateClient();
                var rev = CommonOptions.ParseRevision(parse.GetValue(revision));
                var deadline = TimeSpan.FromSeconds(parse.GetValue(timeout));
                foreach (var repo in (parse.GetValue(paths) ?? []).Select(RepoId.Parse))
                {
                    var response = await RemoteAsync(client, repo, rev, deadline, ct);
                    if (response.Status != "done")
                    {
                        pending.Add($"{repo}: validation of {response.Commit} is still {response.Status}");
                    }

                    results.AddRange(response.Models.Select(m => m with { File = $"{repo}/{m.File}" }));
                }
            }
            else
            {
                var limits = new ProbeLimits(TimeSpan.FromSeconds(parse.GetValue(timeout)), parse.GetValue(memory) * 1024 * 1024);
                var models = Expand(parse.GetValue(paths) ?? []);
                var probe = parse.GetValue(noRun) ? null : context.EarlyProbe ?? Self(keepWarm: false);
                using var owned = probe == context.EarlyProbe ? null : probe;
                if (probe is not null)
                {
                    probe.KeepWarm = models.Count > 1;
                    probe.Warm();
                }


                // While the first child starts, the serializer's first use (metadata for every field of a result) is paid
                // on the other core, not after the last child has answered.
                var warm = Task.Run(WarmSerializer, ct);
                foreach (var (file, root, name) in models)
                {
                    ct.ThrowIfCancellationRequested();
                    results.Add(await ModelValidator.ValidateAsync(file, root, name, probe, limits, ct));
                }

                await warm;
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

            foreach (var line in pending)
            {
                await context.Error.WriteLineAsync(line);
            }

            return results.Any(r => r.Errors.Count > 0) || pending.Count > 0 ? ExitCodes.HubError : ExitCodes.Success;
        });
        yield return command;

        // The child process of the probe: loads one model, runs it once, prints what happened as JSON. The parent starts it as
        // validate-one --wait, handled before the command tree (ProbeChild, in Program); this command is for a person.
        var file = new Argument<string>("FILE") { Description = "The ONNX file." };
        var vocabulary = new Option<int?>("--vocab-size") { Description = "The vocabulary size token ids must stay under." };
        var root = new Option<string?>("--root") { Description = "The folder the model's external data must stay inside (default: the model's folder)." };
        var threads = new Option<int>("--threads") { Description = "Threads an operator may use (default 0: one per core)." };
        var one = new Command("validate-one", "Read one ONNX model, load it in ONNX Runtime and run it once (the child process of hub validate).") { file, vocabulary, root, threads };
        one.Hidden = true;
        one.SetHandler(context, async (parse, ct) =>
        {
            if (parse.GetValue(threads) < 0)
            {
                throw new UsageException("--threads must be 0 or more.");
            }

            await ProbeChild.AnswerAsync(parse.GetValue(file)!, parse.GetValue(root), parse.GetValue(vocabulary), parse.GetValue(threads), context.Out, ct);
            return ExitCodes.Success;
        });
        yield return one;
    }

    private static void WarmSerializer()
    {
        var sample = new ModelValidation
        {
            File = "warm.onnx", Format = "onnx", IrVersion = 1, Opsets = new Dictionary<string, long> { [string.Empty] = 1 }, Producer = new ModelProducer { Name = "warm" },
            Parameters = new ModelParameters { Total = 1, ByDtype = new Dictionary<string, long> { ["float32"] = 1 } }, Inputs = [new ModelTensor { Name = "x", Dtype = "float32", Shape = [1, "n"] }],
            Architecture = new ModelArchitecture { Family = "mlp" }, Task = new ModelTask { Name = "unknown" },
            Probe = JsonSerializer.Deserialize("""{"loaded":true,"ran":true,"outputs":[{"name":"y","dtype":"float32","shape":[1]}]}""", ValidationJsonContext.Default.ModelProbe),
        };
        _ = JsonSerializer.Serialize(new List<ModelValidation> { sample }, ValidationJsonContext.Default.ListModelValidation);

        // The child's answer is read with the same metadata.
        _ = JsonSerializer.Deserialize(JsonSerializer.Serialize(sample, ValidationJsonContext.Default.ModelValidation), ValidationJsonContext.Default.ModelValidation);
    }

    /// <summary>
    /// For <c>hub validate PATH...</c> that will run models, a probe whose first child is started now, before the command
    /// tree is built and the arguments read: that start overlaps the CLI's own. When the first PATH is an ONNX file, the child
    /// is given it at once (as the command will ask for it: its folder as the root, the vocabulary size of the config.json
    /// there), so the model's read and run overlap the CLI's start too. Null for any other command line.
    /// </summary>
    public static ChildProbe? EarlyProbe(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is not ["validate", _, ..] || args.Any(a => a is "--no-run" or "--remote" or "--help" or "-h" or "-?"))
        {
            return null;
        }

        var probe = Self(keepWarm: false);
        if (FirstPath(args) is { } first && File.Exists(first) && Path.GetExtension(first).Equals(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            var (file, root, _) = Expand([first])[0];
            probe.Warm(file, root, ModelConfig.Find(file, root)?.VocabularySize);
        }
        else
        {
            probe.Warm();
        }

        return probe;
    }

    // The first PATH of a validate command line, read without the command tree; null when the line holds an option the
    // validate command does not have (the tree will say what is wrong with it). The options that take a value are listed
    // here as in Create.
    internal static string? FirstPath(string[] args)
    {
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--timeout" or "--memory" or "--revision":
                    i++;
                    break;
                case "--json":
                case ['-', '-', .. var option] when option.Contains('=', StringComparison.Ordinal):
                    break;
                case ['-', ..]:
                    return null;
                default:
                    return args[i];
            }
        }

        return null;
    }

    // The mirror answers pending while its job runs; ask again, a little less often each time, until the deadline.
    private static async Task<ModelValidationResponse> RemoteAsync(HubClient client, RepoId repo, Revision? revision, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var wait = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            var response = await client.Models.ValidationAsync(repo, revision, cancellationToken);
            if (response.Status == "done" || started.Elapsed + wait > deadline)
            {
                return response;
            }

            await Task.Delay(wait, cancellationToken);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }

    /// <summary>
    /// What the model files in a card's folder show, for <c>hub card audit</c>: every model below it (hidden folders left
    /// out), validated as <c>hub validate</c> does, and which marker files it holds; null when it holds no model.
    /// </summary>
    public static async Task<ModelEvidence?> FolderEvidenceAsync(string folder, bool run, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(folder);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System, MaxRecursionDepth = 4 };
        var models = Directory.EnumerateFiles(root, "*", options).Where(ModelValidator.IsModel).Order(StringComparer.Ordinal).Take(200).ToList();
        if (models.Count == 0)
        {
            return null;
        }

        var limits = ProbeLimits.Default;
        using var probe = run ? Self(keepWarm: models.Count > 1) : null;
        probe?.Warm();
        var results = new List<ModelValidation>();
        foreach (var model in models)
        {
            results.Add(await ModelValidator.ValidateAsync(model, root, Path.GetRelativePath(root, model).Replace('\\', '/'), probe, limits, cancellationToken));
        }

        return new ModelEvidence(results, [.. ModelEvidence.MarkerFiles.Where(m => File.Exists(Path.Combine(root, m)))]);
    }

    /// <summary>
    /// The program of the probe's child process: <c>hub-probe</c> beside hub (see <see cref="ProbeProgram"/>), else hub
    /// itself (<c>hub validate-one</c>), or dotnet with hub.dll.
    /// </summary>
    public static (string Program, string[] Arguments) ProbeCommand()
    {
        var process = Environment.ProcessPath;
        var dotnet = process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet";
        if (ProbeProgram.In(AppContext.BaseDirectory, dotnet) is { Count: > 0 } probe)
        {
            return (probe[0], [.. probe.Skip(1)]);
        }

        var entry = typeof(ValidateCommand).Assembly.Location;
        return process is not null && Path.GetFileNameWithoutExtension(process) == "hub" ? (process, []) : (dotnet, [entry]);
    }

    /// <summary>The configuration that makes the mirror's validation job probe models with this program.</summary>
    public static string[] ProbeConfiguration()
    {
        var (program, arguments) = ProbeCommand();
        return [.. new[] { program }.Concat(arguments).SelectMany((part, i) => new[] { $"--Validation:ProbeCommand:{i}", part })];
    }

    private static ChildProbe Self(bool keepWarm)
    {
        var (program, arguments) = ProbeCommand();
        return new ChildProbe(program, arguments) { KeepWarm = keepWarm };
    }

    // relative to it.
    private static List<(string File, string Root, string Name)> Expand(string[] paths)
    {
        var models = new List<(string, string, string)>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var root = Path.GetFullPath(path);
                var found = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                    .Where(ModelValidator.IsModel).Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                {
                    throw new UsageException($"{path} holds no .onnx, .safetensors or .gguf file.");
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
        if (result.Format != "onnx" && result.Tensors is { } tensorCount)
        {
            text.Append(c, $"{result.Format}, {Sizes.Human(result.SizeBytes)}, {tensorCount:N0} tensors, {result.Parameters.Total:N0} parameters");
            if (result.Parameters.ByDtype.Count > 0)
            {
                text.Append(" (").AppendJoin(", ", result.Parameters.ByDtype.OrderByDescending(p => p.Value).Select(p => string.Create(c, $"{p.Key} {p.Value:N0}"))).Append(')');
            }

            text.Append('\n');
        }
        else if (result.IrVersion is null)
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
            if (result.Architecture is { } architecture)
            {
                text.Append("  architecture: ").Append(architecture.Family).Append(architecture.ModelType is null ? string.Empty : $" ({architecture.ModelType})").Append('\n');
            }

            if (result.Task is { } task)
            {
                text.Append("  task: ").Append(task.Name).Append(task.Verified ? ", verified by the run" : ", not verified")
                    .Append(task.Evidence.Count > 0 ? ": " + string.Join("; ", task.Evidence) : string.Empty).Append('\n');
            }

            if (result.Probe is { } probe)
            {
                text.Append("  ONNX Runtime: ").Append(probe switch
                {
                    { Ran: true } => "loaded, ran once on synthetic inputs: " + string.Join(", ", probe.Outputs.Select(o => $"{o.Name} [{string.Join(", ", o.Shape ?? [])}]")),
                    { Loaded: true } => "loaded; the run failed: " + probe.Error,
                    _ => "did not load",
                }).Append('\n');
            }
        }

        foreach (var error in result.Errors)
        {
            text.Append("  error: ").Append(error).Append('\n');
        }

        return text.ToString();
    }
}
