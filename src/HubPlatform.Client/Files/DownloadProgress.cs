namespace HubPlatform.Client.Files;

/// <summary>Progress of one file.</summary>
/// <param name="Path">The repository path.</param>
/// <param name="BytesDone">Bytes on disk so far (a resumed download starts above zero).</param>
/// <param name="TotalBytes">The file's size, if known.</param>
/// <param name="Completed">Whether the file is finished (downloaded or found in the cache).</param>
public sealed record DownloadProgress(string Path, long BytesDone, long? TotalBytes, bool Completed);
