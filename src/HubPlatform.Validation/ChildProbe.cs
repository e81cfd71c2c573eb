using System.Diagnostics;
using System.Globalization;
using HubPlatform.Hub.Validation;

namespace HubPlatform.Validation;

/// <summary>
/// Runs <see cref="OnnxProbe"/> in a child process (<c>hub validate-one --wait</c>, its answer as JSON on stdout) under a
/// wall-clock timeout and a bound on its resident memory, so that a model which crashes, hangs or exhausts memory in native
/// code marks that model failed, with the reason, and the caller goes on. Each model gets a child of its own; the child is
/// started before it is needed (it loads ONNX Runtime, then waits for a line <c>go TAB path TAB vocabulary-size</c> on its
/// standard input), so that a process start overlaps the caller's own work instead of adding to it.
/// </summary>
/// <param name="fileName">The program that runs <c>validate-one</c> (<c>hub</c>, or <c>dotnet</c>).</param>
/// <param name="arguments">The arguments before <c>validate-one</c> (the path of <c>hub.dll</c> under <c>dotnet</c>).</param>
public sealed class ChildProbe(string fileName, IReadOnlyList<string> arguments) : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    private readonly Lock _lock = new();
    private Child? _spare;

    /// <summary>Whether each probe starts the next model's child while it runs (for callers with more models to come).</summary>
    public bool KeepWarm { get; set; }

    /// <summary>Starts the child the next probe will use, unless one is waiting already.</summary>
    public void Warm()
    {
        lock (_lock)
        {
            _spare ??= Child.Start(fileName, arguments);
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

    /// <summary>Probes the model in a child process; the result says why when it did not load, run, finish or stay in bounds.</summary>
    /// <param name="modelPath">The model.</param>
    /// <param name="vocabularySize">The vocabulary size token ids must stay under.</param>
    /// <param name="limits">Time and memory the child may take once it has the model.</param>
    /// <param name="cancellationToken">Stops the child.</param>
    /// <param name="proceed">
    /// When given, the child opens the model only when this gives true; false ends it without a look at the model, and the
    /// result is then meaningless.
    /// </param>
    public async Task<ModelProbe> RunAsync(string modelPath, int? vocabularySize, ProbeLimits limits, CancellationToken cancellationToken, Task<bool>? proceed = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Child? child;
        lock (_lock)
        {
            child = _spare ?? Child.Start(fileName, arguments);
            _spare = null;
        }

        try
        {
            if (KeepWarm)
            {
                Warm();
            }

            if (!await (proceed ?? Task.FromResult(true)))
            {
                child.Refuse();
                return new ModelProbe { Error = "The model was not opened." };
            }

            // A child that died while it waited (killed from outside) is replaced once.
            if (!await child.GoAsync(modelPath, vocabularySize))
            {
                child.Dispose();
                child = Child.Start(fileName, arguments);
                if (!await child.GoAsync(modelPath, vocabularySize))
                {
                    return await child.FailureAsync();
                }
            }

            return await child.WaitAsync(limits, cancellationToken);
        }
        finally
        {
            child.Dispose();
        }
    }

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

        // The model, as one line; false when the child is no longer listening (it died while it waited).
        public async Task<bool> GoAsync(string modelPath, int? vocabularySize)
        {
            try
            {
                var vocabulary = vocabularySize?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
                await _process.StandardInput.WriteLineAsync($"go\t{modelPath}\t{vocabulary}");
                await _process.StandardInput.FlushAsync();
                _process.StandardInput.Close();
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }

        public void Refuse()
        {
            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
                // It is gone already.
            }
        }

        public async Task<ModelProbe> WaitAsync(ProbeLimits limits, CancellationToken cancellationToken)
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

            var stdout = await _output;
            if (stopped is not null)
            {
                return new ModelProbe { Error = stopped };
            }

            return (_process.ExitCode == 0 ? OnnxProbe.FromJson(stdout.Trim()) : null) ?? await FailureAsync();
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
