namespace HubPlatform.Client;

/// <summary>Extra data to ask for with repository info.</summary>
public sealed record RepoInfoOptions
{
    /// <summary>Add sizes, blob ids and LFS data to <c>siblings</c> (<c>blobs=true</c>).</summary>
    public bool Blobs { get; init; }

    /// <summary>Return only these properties (plus <c>_id</c> and <c>id</c>).</summary>
    public IReadOnlyList<string>? Expand { get; init; }
}
