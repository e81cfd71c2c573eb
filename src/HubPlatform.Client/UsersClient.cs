using HubPlatform.Client.Api;
using HubPlatform.Client.Http;
using HubPlatform.Hub.Api;

namespace HubPlatform.Client;

/// <summary>The caller's identity.</summary>
public sealed class UsersClient
{
    private readonly IUsersApi _api;

    internal UsersClient(IUsersApi api) => _api = api;

    /// <summary>Who the configured token belongs to.</summary>
    /// <exception cref="Errors.HubUnauthorizedException">No token, or the token was refused.</exception>
    public Task<WhoAmI> WhoAmIAsync(CancellationToken cancellationToken = default) => RefitCalls.Run(_api.WhoAmIAsync(cancellationToken));
}
