namespace HubPlatform.Client.Http;

/// <summary>Per-request settings carried in <see cref="HttpRequestMessage.Options"/> to the client's handlers.</summary>
public static class HubRequestOptions
{
    /// <summary>The redirect policy of a request; <see cref="RedirectPolicy.FollowAll"/> when absent.</summary>
    public static readonly HttpRequestOptionsKey<RedirectPolicy> Redirects = new("HubPlatform.Redirects");

    /// <summary>When true, the error handler lets an error status through instead of throwing.</summary>
    public static readonly HttpRequestOptionsKey<bool> AllowErrorStatus = new("HubPlatform.AllowErrorStatus");

    /// <summary>
    /// When true, the request has no time limit: an upload's response only comes after its whole body is sent, and a large
    /// commit may take the server a while.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> NoTimeout = new("HubPlatform.NoTimeout");
}
