namespace HubPlatform.Storage.Entities;

/// <summary>What the validation job found in the model files of one commit of a repository, as JSON.</summary>
public class ModelValidationEntity
{
    public long Id { get; set; }

    public long RepositoryId { get; set; }

    public required string CommitId { get; set; }

    /// <summary>The results, a JSON array with an element per model file.</summary>
    public required string Results { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
