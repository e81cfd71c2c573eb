namespace HubPlatform.Storage.Entities;

/// <summary>An access token; only its sha256 is stored.</summary>
public class TokenEntity
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public required string DisplayName { get; set; }

    /// <summary><c>read</c> or <c>write</c>.</summary>
    public required string Role { get; set; }

    /// <summary>Lowercase hex sha256 of the token.</summary>
    public required string Hash { get; set; }

    /// <summary>The first characters, to recognise a token in listings.</summary>
    public required string Prefix { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
