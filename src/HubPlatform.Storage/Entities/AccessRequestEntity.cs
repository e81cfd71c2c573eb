namespace HubPlatform.Storage.Entities;

/// <summary>A user's request for the files of a gated repository, and the owner's answer.</summary>
public class AccessRequestEntity
{
    public long RepositoryId { get; set; }

    public long UserId { get; set; }

    /// <summary><c>pending</c>, <c>accepted</c> or <c>rejected</c>.</summary>
    public required string Status { get; set; }

    /// <summary>When it was made or last answered.</summary>
    public DateTimeOffset Timestamp { get; set; }

    /// <summary>The answers to the card's <c>extra_gated_fields</c>, as a JSON object; null when none were asked.</summary>
    public string? FieldsJson { get; set; }

    public string? RejectionReason { get; set; }
}
