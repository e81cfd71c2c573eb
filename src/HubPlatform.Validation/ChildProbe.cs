using System.Diagnostics;
using System.Globalization;
using HubPlatform.Hub.Validation;

namespace HubPlatform.Validation;

/// <summary>
/// Runs <see cref="OnnxProbe"/> in a child process (<c>hub validate-one FILE</c>, its answer as JSON on stdout) under a
/// wall-clock timeout and a bound on its resident memory, so that a model which crashes, hangs or exhausts memory in native
/// code marks that model failed, with the reason, and the caller goes on.
/// </summary>
/// <param name="fileName">The program that runs <c>validate-one</c> (<c>hub</c>, or <c>dotnet</c>).</param>
/// <param name="arguments">The arguments before <c>validate-one</c> (the path of <c>hub.dll</c> under <c>dotnet</c>).</param>
public sealed class ChildProbe(string fileName, IReadOnlyList<string> arguments)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    /// <summary>Probes the model in a child process; the result says why when it did not load, run, finish or stay in bounds.</summary>
    /// <param name="modelPath">The model.</param>
    /// <param name="vocabularySize">The vocabulary size token ids must stay under.</param>
    /// <param name="limits">Time and memory the child may take.</param>
    /// <param name="cancellationToken">Stops the child.</param>
    /// <param name="proceed">
    /// When given, the child starts at once but opens the model only when this gives true (it then reads "go" on its
    /// standard input); false ends it without a look at the model, and the result is then meaningless.
    /// </param>
    public async Task<ModelProbe> RunAsync(string modelPath, int? vocabularySize, ProbeLimits limits, CancellationToken cancellationToken, Task<bool>? proceed = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = proceed is not null, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("validate-one");
        start.ArgumentList.Add(modelPath);
        if (vocabularySize is { } vocabulary)
        {
            start.ArgumentList.Add("--vocab-size");
            start.ArgumentList.Add(vocabulary.ToString(CultureInfo.InvariantCulture));
        }

        if (proceed is not null)
        {
            start.ArgumentList.Add("--wait");
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} could not be started.");
        if (proceed is not null)
        {
            // Not awaited: a caller that never decides leaves the child waiting until the timeout stops it.
            _ = SignalAsync(process, proceed);
        }

        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        string? stopped = null;
        try
        {
            while (!process.HasExited)
            {
                if (clock.Elapsed > limits.Timeout)
                {
                    stopped = $"The model did not load and run within {limits.Timeout.TotalSeconds:0.###} s; its probe was stopped.";
                }
                else if (ResidentBytes(process.Id) is { } resident && resident > limits.MemoryBytes)
                {
                    stopped = $"Loading and running the model took more than {limits.MemoryBytes / (1024 * 1024)} MiB of memory; its probe was stopped.";
                }

                if (stopped is not null)
                {
                    process.Kill(entireProcessTree: true);
                    break;
                }

                try
                {
                    await process.WaitForExitAsync(cancellationToken).WaitAsync(Poll, cancellationToken);
                }
                catch (TimeoutException)
                {
                    // Look at the bounds again.
                }
            }

            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var stdout = await output;
        var stderr = await errors;
        if (stopped is not null)
        {
            return new ModelProbe { Error = stopped };
        }

        if (process.ExitCode != 0 || OnnxProbe.FromJson(stdout.Trim()) is not { } result)
        {
            var last = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            var how = process.ExitCode > 128 ? $"was killed by signal {process.ExitCode - 128}" : $"exited with code {process.ExitCode}";
            return new ModelProbe { Error = $"The process loading the model {how}{(last is null ? "." : $": {last}")}" };
        }

        return result;
    }

    // "go" and the end of input when the caller allows the model to be opened, the end of input alone when not. A child that
    // died meanwhile is no longer listening; what it did is in its exit code.
    private static async Task SignalAsync(Process process, Task<bool> proceed)
    {
        try
        {
            if (await proceed)
            {
                await process.StandardInput.WriteLineAsync("go");
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
        }
        catch (InvalidOperationException)
        {
            // Disposed, or its input already closed.
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
