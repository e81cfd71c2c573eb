namespace HubPlatform.Storage.Entities;

/// <summary>Where the content of a regular file's git blob id is in the blob store (for syncs that skip known bytes).</summary>
public class GitBlobEntity
{
    public required string BlobId { get; set; }

    public required string Sha256 { get; set; }
}
