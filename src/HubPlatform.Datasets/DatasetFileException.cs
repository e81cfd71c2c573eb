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

    /// <summary>
    /// Whether an exception from the Parquet reader means the file cannot be read. The reader fails on damaged or unsupported
    /// files in many ways (its own exceptions, and compiling an assembler for a layout it does not support), so anything but
    /// a cancellation or running out of memory counts: the calls it guards only read one file.
    /// </summary>
    /// <summary>An exception's message with the messages of its causes, which say what the reader's own message leaves out.</summary>
    internal static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (Exception? cause = e; cause is not null && parts.Count < 4; cause = cause.InnerException)
        {
            if (!parts.Contains(cause.Message, StringComparer.Ordinal))
            {
                parts.Add(cause.Message.TrimEnd('.'));
            }
        }

        return string.Join(": ", parts);
    }

    internal static bool IsReadFailure(Exception e) => e is not (OperationCanceledException or OutOfMemoryException);
}
