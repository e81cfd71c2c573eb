namespace HubPlatform.Mirror;

/// <summary>
/// Which properties a repository listing or info answer carries. Without <c>expand</c>, the usual set (plus card data and
/// files when asked with <c>full</c>/<c>cardData</c>, or on the info route); with <c>expand</c>, only the named properties
/// besides <c>_id</c> and <c>id</c>, as the Hub does. Unknown keys are ignored, never refused.
/// </summary>
internal sealed class RepoFields
{
    private readonly HashSet<string>? _expand;

    private RepoFields(HashSet<string>? expand, bool cardData, bool siblings)
    {
        _expand = expand;
        CardData = cardData;
        Siblings = siblings;
    }

    /// <summary>Whether card data is included when nothing was expanded.</summary>
    public bool CardData { get; }

    /// <summary>Whether files are included when nothing was expanded.</summary>
    public bool Siblings { get; }

    /// <summary>Whether the answer needs the head commit's file list.</summary>
    public bool NeedsFiles => _expand is null ? Siblings : _expand.Overlaps(["siblings", "usedStorage"]);

    public static RepoFields FromQuery(IQueryCollection query, bool cardData, bool siblings)
    {
        var expand = ReadEndpoints.Values(query, "expand").ToHashSet(StringComparer.Ordinal);
        return new RepoFields(expand.Count == 0 ? null : expand, cardData, siblings);
    }

    /// <summary>Whether a property goes into the answer.</summary>
    public bool Want(string key, bool byDefault = true) => _expand?.Contains(key) ?? byDefault;
}
