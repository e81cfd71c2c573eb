namespace HubPlatform.Client.Commits;

/// <summary>Where an upload is: hashing files, sending LFS bytes, or committing.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Path">The file being worked on, if one.</param>
/// <param name="Bytes">Bytes done in this stage so far.</param>
/// <param name="TotalBytes">Bytes this stage has in all.</param>
public sealed record UploadProgress(UploadStage Stage, string? Path, long Bytes, long TotalBytes);

/// <summary>The stages of an upload.</summary>
public enum UploadStage
{
    /// <summary>Reading files to compute sha256 and git blob ids.</summary>
    Hashing,

    /// <summary>Sending LFS objects.</summary>
    Uploading,

    /// <summary>Sending the commit.</summary>
    Committing,
}
