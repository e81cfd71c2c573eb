using HubPlatform.Client.Errors;

namespace HubPlatform.Client.Files;

/// <summary>A file of a snapshot failed; the files finished before it stay in the cache.</summary>
public class SnapshotDownloadException : HubException
{
    /// <summary>Creates the exception.</summary>
    public SnapshotDownloadException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SnapshotDownloadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public SnapshotDownloadException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a failed file.</summary>
    public SnapshotDownloadException(string path, string message, Exception innerException)
        : base($"Snapshot download failed at '{path}': {message}", innerException) => FailedPath = path;

    /// <summary>The repository path that failed.</summary>
    public string? FailedPath { get; }
}
