namespace HubPlatform.Validation;

/// <summary>
/// The row cache's key of a commit's validation summary, which model info shows: the job that writes the results forgets
/// it, so this process shows them at once.
/// </summary>
/// <param name="RepositoryId">The repository's row.</param>
/// <param name="Commit">The commit.</param>
public sealed record ValidationSummaryKey(long RepositoryId, string Commit);
