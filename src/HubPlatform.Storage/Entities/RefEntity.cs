namespace HubPlatform.Storage.Entities;

/// <summary>A branch or tag: <c>refs/heads/main</c>, <c>refs/tags/v1</c>.</summary>
public class RefEntity
{
    public long RepositoryId { get; set; }

    public required string Name { get; set; }

    public required string CommitId { get; set; }
}
