using HubPlatform.Hub;

namespace HubPlatform.Client.Commits;

/// <summary>One change of a commit made with <see cref="CommitsClient.CreateCommitAsync"/>.</summary>
public abstract record CommitOperation
{
    private protected CommitOperation(string pathInRepo) => PathInRepo = RepoFilePath.Validate(pathInRepo);

    /// <summary>The path in the repository.</summary>
    public string PathInRepo { get; }
}
