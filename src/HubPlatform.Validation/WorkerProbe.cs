using Microsoft.Extensions.Options;

namespace HubPlatform.Validation;

/// <summary>
/// The validation worker's probe, one for the life of the process: it keeps a child waiting between jobs (ONNX Runtime
/// started, nothing else loaded), so that a job's first model does not wait for a process start. Null
/// <see cref="Probe"/> when no probe command is configured. Disposing it stops the waiting child.
/// </summary>
public sealed class WorkerProbe(IOptions<ValidationOptions> options) : IDisposable
{
    private readonly Lazy<ChildProbe?> _probe = new(() => options.Value.ProbeCommand.Count == 0
        ? null
        : new ChildProbe(options.Value.ProbeCommand[0], [.. options.Value.ProbeCommand.Skip(1)]) { KeepWarm = true, Threads = options.Value.ProbeThreads });

    /// <summary>The probe, or null when the worker reads models without running them.</summary>
    public ChildProbe? Probe => _probe.Value;

    /// <summary>Stops the waiting child, if one was started.</summary>
    public void Dispose()
    {
        if (_probe.IsValueCreated)
        {
            _probe.Value?.Dispose();
        }
    }
}
