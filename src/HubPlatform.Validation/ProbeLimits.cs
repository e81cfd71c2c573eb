namespace HubPlatform.Validation;

/// <summary>What a probe's child process may take before it is stopped and the model marked failed.</summary>
/// <param name="Timeout">Wall-clock time, loading included.</param>
/// <param name="MemoryBytes">Resident memory.</param>
public sealed record ProbeLimits(TimeSpan Timeout, long MemoryBytes)
{
    /// <summary>Two minutes and 4 GiB.</summary>
    public static ProbeLimits Default { get; } = new(TimeSpan.FromMinutes(2), 4L * 1024 * 1024 * 1024);
}
