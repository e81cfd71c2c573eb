namespace HubPlatform.Storage.Entities;

/// <summary>A user belongs to an organisation.</summary>
public class MembershipEntity
{
    public long UserId { get; set; }

    public long OrganizationId { get; set; }
}
