using HubPlatform.Hub;

namespace HubPlatform.Client.Files;

/// <summary>Builds the Hub's non-API URLs from the configured endpoint (which may carry a path prefix).</summary>
public static class HubUrls
{
    /// <summary><c>{endpoint}/{prefix}{repo}/resolve/{revision}/{path}</c>, revision escaped as one segment, path keeping its slashes.</summary>
    public static Uri Resolve(Uri endpoint, RepoType type, RepoId repo, Revision revision, string path)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(revision);
        var root = endpoint.AbsoluteUri.TrimEnd('/');
        return new Uri($"{root}/{type.UrlPrefix()}{repo}/resolve/{revision.Escaped}/{RepoFilePath.EscapeSegments(path)}");
    }
}
