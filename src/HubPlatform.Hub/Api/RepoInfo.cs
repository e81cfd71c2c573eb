using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>What models, datasets and spaces share in listings and in repository info.</summary>
public abstract record RepoInfo
{
    /// <summary>The Hub's internal object id (<c>_id</c>), which the JS client maps to its own <c>id</c>.</summary>
    [JsonPropertyName("_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InternalId { get; init; }

    /// <summary>The repository id, <c>namespace/name</c>, in its canonical spelling.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The namespace that owns the repository.</summary>
    [JsonPropertyName("author")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Author { get; init; }

    /// <summary>The 40-hex commit the requested revision resolves to.</summary>
    [JsonPropertyName("sha")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Sha { get; init; }

    /// <summary>The date of the revision's last commit.</summary>
    [JsonPropertyName("lastModified")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? LastModified { get; init; }

    /// <summary>When the repository was created.</summary>
    [JsonPropertyName("createdAt")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Whether only its owners can see it.</summary>
    [JsonPropertyName("private")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Private { get; init; }

    /// <summary>Whether access must be requested.</summary>
    [JsonPropertyName("gated")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GateMode? Gated { get; init; }

    /// <summary>Whether the repository is disabled.</summary>
    [JsonPropertyName("disabled")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Disabled { get; init; }

    /// <summary>Downloads over the last 30 days.</summary>
    [JsonPropertyName("downloads")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Downloads { get; init; }

    /// <summary>Downloads since creation.</summary>
    [JsonPropertyName("downloadsAllTime")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? DownloadsAllTime { get; init; }

    /// <summary>Number of likes.</summary>
    [JsonPropertyName("likes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Likes { get; init; }

    /// <summary>The trending score.</summary>
    [JsonPropertyName("trendingScore")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? TrendingScore { get; init; }

    /// <summary>Tags, including the derived <c>license:</c>, <c>language:</c>, <c>dataset:</c> ones.</summary>
    [JsonPropertyName("tags")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>The README's front matter as JSON.</summary>
    [JsonPropertyName("cardData")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? CardData { get; init; }

    /// <summary>The files at this revision.</summary>
    [JsonPropertyName("siblings")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RepoSibling>? Siblings { get; init; }

    /// <summary>Storage used, in bytes.</summary>
    [JsonPropertyName("usedStorage")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? UsedStorage { get; init; }

    /// <summary>Every field this type does not name, kept as the server sent it.</summary>
    [JsonExtensionData]
    [JsonInclude]
    public Dictionary<string, JsonElement>? ExtensionData { get; internal set; }
}
