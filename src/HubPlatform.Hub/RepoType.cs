namespace HubPlatform.Hub;

/// <summary>The kinds of repository the Hub hosts.</summary>
public enum RepoType
{
    /// <summary>A model repository (no URL prefix).</summary>
    Model,

    /// <summary>A dataset repository (URL prefix <c>datasets/</c>).</summary>
    Dataset,

    /// <summary>A Space (URL prefix <c>spaces/</c>).</summary>
    Space,
}
