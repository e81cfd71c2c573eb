namespace HubPlatform.Datasets;

/// <summary>A <c>where</c> or <c>orderby</c> the viewer cannot read; the message says where (a 1-based character position).</summary>
public sealed class FilterSyntaxException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FilterSyntaxException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public FilterSyntaxException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public FilterSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
