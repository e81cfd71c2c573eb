using HubPlatform.Hub.Api;
using Refit;

namespace HubPlatform.Client.Api;

/// <summary>Raw Refit routes about the caller.</summary>
public interface IUsersApi
{
    /// <summary>Who the token belongs to.</summary>
    [Get("/api/whoami-v2")]
    Task<WhoAmI> WhoAmIAsync(CancellationToken cancellationToken);
}
