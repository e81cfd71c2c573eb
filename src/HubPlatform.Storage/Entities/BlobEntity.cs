namespace HubPlatform.Storage.Entities;

/// <summary>Bytes in the blob store that a row may reference.</summary>
public class BlobEntity
{
    public required string Sha256 { get; set; }

    public long Size { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
