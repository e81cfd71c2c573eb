namespace HubPlatform.Storage.Entities;

/// <summary>
/// A unit of background work on one commit of a repository (and, for per-file work, one path), such as indexing a dataset.
/// Leased by one worker at a time; a lease that expires (the worker died) makes the job available again.
/// </summary>
public class JobEntity
{
    public long Id { get; set; }

    /// <summary>What to do (a registered <see cref="IJobHandler"/>'s kind).</summary>
    public required string Kind { get; set; }

    public long RepositoryId { get; set; }

    /// <summary>The commit the work is about.</summary>
    public required string CommitId { get; set; }

    /// <summary>The file the work is about, or empty for the whole commit.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>The branch the commit was made on, so that the next commit there supersedes this job; null for none.</summary>
    public string? Branch { get; set; }

    /// <summary><c>queued</c>, <c>running</c>, <c>done</c>, <c>failed</c> or <c>superseded</c>.</summary>
    public required string Status { get; set; }

    /// <summary>How many times a worker has taken it.</summary>
    public int Attempts { get; set; }

    public int MaxAttempts { get; set; }

    /// <summary>Not taken before this time (the backoff after a failed attempt).</summary>
    public DateTimeOffset NotBefore { get; set; }

    /// <summary>The current lease's random id: only its holder may finish the job.</summary>
    public string? LeaseId { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>Why the last attempt failed (kept when the job fails for good).</summary>
    public string? Error { get; set; }

    /// <summary>A short summary the handler left when it finished.</summary>
    public string? Result { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}
