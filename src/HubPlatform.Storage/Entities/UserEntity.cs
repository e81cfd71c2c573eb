namespace HubPlatform.Storage.Entities;

/// <summary>A user, or an organisation when <see cref="IsOrganization"/> is set.</summary>
public class UserEntity
{
    public long Id { get; set; }

    public required string ObjectId { get; set; }

    public required string Name { get; set; }

    public required string NameLower { get; set; }

    public string? FullName { get; set; }

    public string? Email { get; set; }

    public bool IsOrganization { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
