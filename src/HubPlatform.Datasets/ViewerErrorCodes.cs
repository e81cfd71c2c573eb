namespace HubPlatform.Datasets;

/// <summary>The dataset viewer's <c>X-Error-Code</c> values, as the Hub's viewer sends them.</summary>
public static class ViewerErrorCodes
{
    /// <summary>401: the dataset is missing, private or gated, and the caller is anonymous.</summary>
    public const string ExternalUnauthenticated = "ExternalUnauthenticatedError";

    /// <summary>404: the dataset is missing, private or gated for this caller.</summary>
    public const string ExternalAuthenticated = "ExternalAuthenticatedError";

    /// <summary>404: no such configuration or split.</summary>
    public const string ResponseNotFound = "ResponseNotFound";

    /// <summary>500: the answer is being computed; retry later.</summary>
    public const string ResponseNotReady = "ResponseNotReady";

    /// <summary>422: a required parameter is missing.</summary>
    public const string MissingRequiredParameter = "MissingRequiredParameter";

    /// <summary>422: a parameter has a wrong value.</summary>
    public const string InvalidParameter = "InvalidParameter";

    /// <summary>500: the data files of a split cannot be read.</summary>
    public const string StreamingRowsError = "StreamingRowsError";

    /// <summary>500: indexing failed for good.</summary>
    public const string Unexpected = "UnexpectedError";
}
