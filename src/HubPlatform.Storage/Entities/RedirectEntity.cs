namespace HubPlatform.Storage.Entities;

/// <summary>An id a repository had before it was moved; requests for it are redirected.</summary>
public class RedirectEntity
{
    public long Id { get; set; }

    public required string Type { get; set; }

    public required string NamespaceLower { get; set; }

    public required string NameLower { get; set; }

    public long RepositoryId { get; set; }
}
