namespace HubPlatform.Hub.Api;

/// <summary>Values of the <c>X-Error-Code</c> header that clients act on.</summary>
public static class HubErrorCodes
{
    /// <summary>The repository does not exist or is hidden from the caller.</summary>
    public const string RepoNotFound = "RepoNotFound";

    /// <summary>The repository is gated and the caller has no access.</summary>
    public const string GatedRepo = "GatedRepo";

    /// <summary>The revision does not exist.</summary>
    public const string RevisionNotFound = "RevisionNotFound";

    /// <summary>The file or path does not exist at that revision.</summary>
    public const string EntryNotFound = "EntryNotFound";

    /// <summary>The message of a 401 for a malformed or revoked token.</summary>
    public const string InvalidCredentialsMessage = "Invalid credentials in Authorization header";

    /// <summary>The message of a 403 for a disabled repository.</summary>
    public const string DisabledMessage = "Access to this resource is disabled.";
}
