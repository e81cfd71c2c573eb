namespace HubPlatform.Storage.Entities;

/// <summary>What the validation job found in the model files of one commit of a repository, as JSON.</summary>
public class ModelValidationEntity
{
    public long Id { get; set; }

    public long RepositoryId { get; set; }

    public required string CommitId { get; set; }

    /// <summary>The results, a JSON array with an element per model file.</summary>
    public required string Results { get; set; }

    /// <summary>Where the card disagrees with what the files show, a JSON array of findings; null when not audited.</summary>
    public string? Findings { get; set; }

    /// <summary>The task of the commit's main model (the one verified, else the largest), for listings to filter on.</summary>
    public string? Task { get; set; }

    /// <summary>Whether a run verified <see cref="Task"/>.</summary>
    public bool Verified { get; set; }

    /// <summary>The summary model info shows (status, task, verified, parameters, agreement with the card), as JSON.</summary>
    public string? Summary { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
