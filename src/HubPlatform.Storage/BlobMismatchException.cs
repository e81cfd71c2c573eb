namespace HubPlatform.Storage;

/// <summary>Uploaded bytes were not what the uploader announced (size or sha256), or too many.</summary>
public sealed class BlobMismatchException : Exception
{
    public BlobMismatchException()
    {
    }

    public BlobMismatchException(string message)
        : base(message)
    {
    }

    public BlobMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
