namespace HubPlatform.Client.Commits;

/// <summary>
/// What is known of an added file: its size and first 512 bytes (for preupload), then the one hash its upload mode needs
/// (sha256 for LFS, git's blob sha1 for a regular file); both when the source had to be read whole to learn its size.
/// </summary>
internal sealed record FileHashes(long Size, byte[] Sample)
{
    public string? Sha256 { get; init; }

    public string? GitBlobId { get; init; }
}
