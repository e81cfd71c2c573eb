namespace HubPlatform.Client.Files;

/// <summary>What a metadata HEAD on <c>/resolve</c> says about a file.</summary>
/// <param name="CommitHash">The commit the revision resolved to (<c>X-Repo-Commit</c>).</param>
/// <param name="ETag">The blob name: <c>X-Linked-Etag</c>, else <c>ETag</c>, with <c>W/</c> and quotes removed (the git blob id, or the sha256 of LFS files).</param>
/// <param name="Size">The size in bytes (<c>X-Linked-Size</c>, else <c>Content-Length</c> of a non-redirect answer), if known.</param>
/// <param name="Location">Where to GET the bytes: the redirect target, else the resolve URL.</param>
public sealed record HubFileMetadata(string CommitHash, string ETag, long? Size, Uri Location)
{
    /// <summary>Whether the ETag is a sha256, i.e. the file is stored through LFS and its content can be verified.</summary>
    public bool IsLfs => HubPlatform.Hub.Sha256Hash.IsSha256(ETag);
}
