using HubPlatform.Storage.Entities;

namespace HubPlatform.Storage;

/// <summary>What an id names: a repository, and where a repository once under that id was moved (either may be null).</summary>
/// <param name="Repository">The repository under the id now.</param>
/// <param name="MovedTo">The repository a redirect from the id leads to.</param>
public sealed record RepoLookup(RepositoryEntity? Repository, RepositoryEntity? MovedTo);
