namespace HubPlatform.Datasets;

/// <summary>A data file the viewer cannot read (not Parquet, or using something the reader does not support).</summary>
public sealed class DatasetFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DatasetFileException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public DatasetFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public DatasetFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether an exception from the Parquet reader means the file cannot be read (rather than a bug or a cancellation).</summary>
    internal static bool IsReadFailure(Exception e) =>
        e is IOException or InvalidDataException or NotSupportedException or InvalidOperationException or ArgumentException or OverflowException or IndexOutOfRangeException;
}
