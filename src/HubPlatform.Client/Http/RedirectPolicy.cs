namespace HubPlatform.Client.Http;

/// <summary>Which redirects the client follows for one request.</summary>
public enum RedirectPolicy
{
    /// <summary>Follow every redirect (file downloads).</summary>
    FollowAll,

    /// <summary>
    /// Follow only redirects to the same origin (renamed repositories) and return a cross-origin redirect as it is, so that
    /// its <c>X-Linked-*</c> headers can be read (the metadata HEAD of <c>hf_hub_download</c>).
    /// </summary>
    SameOriginOnly,
}
