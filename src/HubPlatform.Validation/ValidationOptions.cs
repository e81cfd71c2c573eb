namespace HubPlatform.Validation;

/// <summary>How the validation job runs models (configuration section <c>Validation</c>).</summary>
public sealed class ValidationOptions
{
    /// <summary>
    /// The program that runs <c>validate-one</c> for the probe, and its arguments before it (<c>hub</c>, or <c>dotnet</c> and
    /// the path of <c>hub.dll</c>). <c>hub serve</c> and <c>hub worker</c> set it to themselves; when empty, models are read
    /// but not loaded in ONNX Runtime, and no task is verified.
    /// </summary>
    public IList<string> ProbeCommand { get; } = [];

    /// <summary>Wall-clock time a model may take to load and run once.</summary>
    public TimeSpan ProbeTimeout { get; set; } = ProbeLimits.Default.Timeout;

    /// <summary>Resident memory a model may take to load and run once.</summary>
    public long ProbeMemoryBytes { get; set; } = ProbeLimits.Default.MemoryBytes;

    /// <summary>Threads an operator of a model may use in the probe (0: one per core). One keeps a model's run off the server's other cores.</summary>
    public int ProbeThreads { get; set; } = 1;

    /// <summary>Model files validated per commit at most; more are listed as not validated.</summary>
    public int MaxModelsPerCommit { get; set; } = 200;
}
