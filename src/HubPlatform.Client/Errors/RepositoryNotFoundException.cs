namespace HubPlatform.Client.Errors;

/// <summary>The repository does not exist, or it is private and the caller may not see it (<c>RepoNotFound</c>).</summary>
public class RepositoryNotFoundException : HubHttpException
{
    /// <summary>Creates the exception.</summary>
    public RepositoryNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RepositoryNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public RepositoryNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from what the server said.</summary>
    public RepositoryNotFoundException(string message, HubErrorDetails details)
        : base(message, details)
    {
    }
}
