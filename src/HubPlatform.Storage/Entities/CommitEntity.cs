namespace HubPlatform.Storage.Entities;

/// <summary>A commit, with what is needed to recompute its git id.</summary>
public class CommitEntity
{
    public long RepositoryId { get; set; }

    /// <summary>The git commit id.</summary>
    public required string Id { get; set; }

    public required string TreeId { get; set; }

    /// <summary>The root folder's node in <c>trees</c>; null only for a commit of an old data folder not converted yet.</summary>
    public long? RootTreeId { get; set; }

    public string? ParentId { get; set; }

    public required string Title { get; set; }

    /// <summary>The full git message, exactly as hashed.</summary>
    public required string Message { get; set; }

    public required string AuthorName { get; set; }

    /// <summary><c>Name &lt;email&gt;</c>, exactly as hashed.</summary>
    public required string AuthorIdentity { get; set; }

    public DateTimeOffset Date { get; set; }

    /// <summary>Order of commits within a repository (for history listings).</summary>
    public long Sequence { get; set; }
}
