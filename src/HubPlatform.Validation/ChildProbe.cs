using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HubPlatform.Hub.Validation;
using HubPlatform.Validation.Onnx;

namespace HubPlatform.Validation;

/// <summary>
/// Reads an ONNX model and runs it in ONNX Runtime in a child process (<c>hub-probe validate-one --wait</c>, see
/// <see cref="ProbeChild"/>) under a wall-clock timeout and a bound on its resident memory, so that a model which crashes,
/// hangs or exhausts memory, in native code or in the parser, marks that model failed with the reason, and the caller goes
/// on. Each model gets a child of its own; the child is started before it is needed (it loads ONNX Runtime, then waits for
/// a line <c>go TAB path TAB vocabulary-size TAB root TAB threads</c> on its standard input), so that a process start overlaps the
/// caller's own work instead of adding to it. The child reads the model itself and loads it only when the read finds it
/// safe, so the caller's path to an answer holds no read of its own.
/// </summary>
/// <param name="fileName">The program that runs <c>validate-one</c> (<c>hub-probe</c>, <c>hub</c>, or <c>dotnet</c>).</param>
/// <param name="arguments">The arguments before <c>validate-one</c> (the path of the .dll under <c>dotnet</c>).</param>
public sealed class ChildProbe(string fileName, IReadOnlyList<string> arguments) : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    private readonly Lock _lock = new();
    private Child? _spare;

    private int _started;

    /// <summary>
    /// The threads an operator of the model may use in the child: 0 (the default) for one per core, as a command a person
    /// waits on wants; the mirror's worker gives 1, so that a model's run leaves the server its cores.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>How many child processes this probe has started.</summary>
    public int ChildrenStarted => Volatile.Read(ref _started);

    /// <summary>Whether each probe starts the next model's child while it runs (for callers with more models to come).</summary>
    public bool KeepWarm { get; set; }

    /// <summary>Starts the child the next probe will use, unless one is waiting already.</summary>
    public void Warm()
    {
        lock (_lock)
        {
            _spare ??= StartChild();
        }
    }

    /// <summary>
    /// Starts a child and gives it this model at once, for a caller that knows its first model before it is ready to ask
    /// (hub validate, for a file on its command line, as hub starts): the next <see cref="RunAsync"/> for the same model,
    /// root and vocabulary size takes that child's answer, so the model's read and run overlap the caller's own start.
    /// Does nothing when a child is waiting already or the path cannot be passed.
    /// </summary>
    /// <param name="modelPath">The model.</param>
    /// <param name="root">The folder its external data must stay inside.</param>
    /// <param name="vocabularySize">The vocabulary size token ids must stay under.</param>
    public void Warm(string modelPath, string root, int? vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        ArgumentNullException.ThrowIfNull(root);
        lock (_lock)
        {
            if (_spare is not null || GoLine(modelPath, root, vocabularySize, Threads) is not { } go)
            {
                return;
            }

            _spare = StartChild();
            _spare.Go(go);
        }
    }

    /// <summary>Stops the waiting child, if any.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _spare?.Dispose();
            _spare = null;
        }
    }

    /// <summary>
    /// Reads and probes the model in a child process. The answer's read is null when the child said nothing of the file
    /// (it died or was stopped first); its probe is null when the read found the model unsafe to load, and otherwise says why
    /// when the model did not load, run, finish or stay in bounds.
    /// </summary>
    /// <param name="modelPath">The model.</param>
    /// <param name="root">The folder its external data must stay inside.</param>
    /// <param name="vocabularySize">The vocabulary size token ids must stay under.</param>
    /// <param name="limits">Time and memory the child may take once it has the model.</param>
    /// <param name="cancellationToken">Stops the child.</param>
    public async Task<ChildProbeAnswer> RunAsync(string modelPath, string root, int? vocabularySize, ProbeLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(modelPath);
        ArgumentNullException.ThrowIfNull(root);
        if (GoLine(modelPath, root, vocabularySize, Threads) is not { } go)
        {
            return new ChildProbeAnswer(null, new ModelProbe { Error = "The model's path holds a tab or a line break, which cannot be passed to the probe; rename the file." });
        }

        Child child;
        lock (_lock)
        {
            child = _spare ?? StartChild();
            _spare = null;
        }

        try
        {
            if (KeepWarm)
            {
                Warm();
            }

            // A child given another model early is not this one's; a child that died while it waited (killed from outside)
            // is replaced once.
            if (child.Given is not null && child.Given != go)
            {
                child.Dispose();
                child = StartChild();
            }

            if (child.Given != go && !child.Go(go))
            {
                child.Dispose();
                child = StartChild();
                if (!child.Go(go))
                {
                    return new ChildProbeAnswer(null, await child.FailureAsync());
                }
            }

            return await child.WaitAsync(limits, cancellationToken);
        }
        finally
        {
            child.Dispose();
        }
    }

    private Child StartChild()
    {
        Interlocked.Increment(ref _started);
        return Child.Start(fileName, arguments);
    }

    // The line that gives a child its model; null when a field holds a tab or a line break, which the line cannot carry.
    private static string? GoLine(string modelPath, string root, int? vocabularySize, int threads) =>
        (modelPath + root).IndexOfAny(['\t', '\r', '\n']) >= 0
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"go\t{modelPath}\t{vocabularySize}\t{root}\t{threads}\n");

    // One started child, its output read as it comes so that neither pipe fills.
    private sealed class Child : IDisposable
    {
        private readonly Process _process;
        private readonly Task<string> _output;
        private readonly Task<string> _errors;

        private Child(Process process)
        {
            _process = process;
            _output = process.StandardOutput.ReadToEndAsync();
            _errors = process.StandardError.ReadToEndAsync();
        }

        public static Child Start(string fileName, IReadOnlyList<string> arguments)
        {
            var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.ArgumentList.Add("validate-one");
            start.ArgumentList.Add("--wait");
            return new Child(Process.Start(start) ?? throw new InvalidOperationException($"{fileName} could not be started."));
        }

        // The go line this child was given, or null.
        public string? Given { get; private set; }

        // The model, as one line; false when the child is no longer listening (it died while it waited). The line is far
        // smaller than a pipe's buffer, so the write does not wait on the child.
        public bool Go(string line)
        {
            try
            {
                _process.StandardInput.Write(line);
                _process.StandardInput.Flush();
                _process.StandardInput.Close();
                Given = line;
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }

        public async Task<ChildProbeAnswer> WaitAsync(ProbeLimits limits, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            string? stopped = null;
            try
            {
                while (!_process.HasExited)
                {
                    if (clock.Elapsed > limits.Timeout)
                    {
                        stopped = $"The model did not load and run within {limits.Timeout.TotalSeconds:0.###} s; its probe was stopped.";
                    }
                    else if (ResidentBytes(_process.Id) is { } resident && resident > limits.MemoryBytes)
                    {
                        stopped = $"Loading and running the model took more than {limits.MemoryBytes / (1024 * 1024)} MiB of memory; its probe was stopped.";
                    }

                    if (stopped is not null)
                    {
                        _process.Kill(entireProcessTree: true);
                        break;
                    }

                    try
                    {
                        await _process.WaitForExitAsync(cancellationToken).WaitAsync(Poll, cancellationToken);
                    }
                    catch (TimeoutException)
                    {
                        // Look at the bounds again.
                    }
                }

                await _process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                throw;
            }

            // The read comes first and alone on its line, written before the model was loaded; the probe's line follows
            // when the model was loaded.
            var lines = (await _output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var read = lines.Length > 0 ? Parse(lines[0], ValidationJsonContext.Default.ModelValidation) : null;
            if (stopped is not null)
            {
                return new ChildProbeAnswer(read, new ModelProbe { Error = stopped });
            }

            if (_process.ExitCode == 0 && read is not null && lines.Length == 1)
            {
                return new ChildProbeAnswer(read, null);
            }

            var probe = _process.ExitCode == 0 && read is not null && lines.Length == 2 ? Parse(lines[1], ValidationJsonContext.Default.ModelProbe) : null;
            return new ChildProbeAnswer(read, probe ?? await FailureAsync());
        }

        private static T? Parse<T>(string line, JsonTypeInfo<T> type)
            where T : class
        {
            try
            {
                return JsonSerializer.Deserialize(line, type);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        // What a child that answered nothing readable says of itself: how it ended and the last line it wrote to stderr.
        public async Task<ModelProbe> FailureAsync()
        {
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (TimeoutException)
            {
                return new ModelProbe { Error = "The process loading the model stopped listening and did not end." };
            }

            var last = (await _errors).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            var how = _process.ExitCode > 128 ? $"was killed by signal {_process.ExitCode - 128}" : $"exited with code {_process.ExitCode}";
            return new ModelProbe { Error = $"The process loading the model {how}{(last is null ? "." : $": {last}")}" };
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
                // It ended meanwhile.
            }

            _process.Dispose();
        }
    }

    // The child's resident memory from /proc (Linux); null where there is no /proc or the process is gone.
    private static long? ResidentBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
