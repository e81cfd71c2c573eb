using Refit;

namespace HubPlatform.Client.Api;

/// <summary>
/// Filters and options of <c>GET /api/models</c> and <c>GET /api/datasets</c>. Unset values are not sent.
/// Lists go out as repeated keys (<c>filter=a&amp;filter=b</c>), booleans as <c>true</c>/<c>false</c>.
/// </summary>
public sealed record RepoListQuery
{
    /// <summary>A substring of the repository id.</summary>
    [AliasAs("search")]
    public string? Search { get; init; }

    /// <summary>The namespace.</summary>
    [AliasAs("author")]
    public string? Author { get; init; }

    /// <summary>
    /// Tags that must all match (<c>pytorch</c>, <c>license:mit</c>, <c>language:en</c>, <c>dataset:org/ds</c>, …). The Hub has no
    /// separate library or language parameters: <c>huggingface_hub</c> adds a library (<c>transformers</c>) and, for models,
    /// a language (<c>en</c>) as plain tags here, and for datasets a <c>language:en</c> tag.
    /// </summary>
    [AliasAs("filter")]
    [Query(CollectionFormat.Multi)]
    public IReadOnlyList<string>? Filter { get; init; }

    /// <summary>The task (models only), e.g. <c>text-classification</c>.</summary>
    [AliasAs("pipeline_tag")]
    public string? PipelineTag { get; init; }

    /// <summary><c>createdAt</c>, <c>downloads</c>, <c>likes</c>, <c>lastModified</c>, <c>trendingScore</c>, …</summary>
    [AliasAs("sort")]
    public string? Sort { get; init; }

    /// <summary><c>-1</c> for descending (the Hub's default), <c>1</c> for ascending.</summary>
    [AliasAs("direction")]
    public int? Direction { get; init; }

    /// <summary>The page size and overall cap.</summary>
    [AliasAs("limit")]
    public int? Limit { get; init; }

    /// <summary>Ask for <c>siblings</c> and more per item.</summary>
    [AliasAs("full")]
    public bool? Full { get; init; }

    /// <summary>Ask for <c>cardData</c> per item.</summary>
    [AliasAs("cardData")]
    public bool? CardData { get; init; }

    /// <summary>Ask for <c>config</c> per item (models).</summary>
    [AliasAs("config")]
    public bool? Config { get; init; }

    /// <summary>Return only these properties (plus <c>_id</c> and <c>id</c>); not combinable with <see cref="Full"/>.</summary>
    [AliasAs("expand")]
    [Query(CollectionFormat.Multi)]
    public IReadOnlyList<string>? Expand { get; init; }
}
