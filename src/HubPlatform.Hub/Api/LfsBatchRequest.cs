using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The body of <c>POST {prefix}{repo}.git/info/lfs/objects/batch</c>.</summary>
public sealed record LfsBatchRequest
{
    /// <summary><c>upload</c> or <c>download</c>.</summary>
    [JsonPropertyName("operation")]
    public required string Operation { get; init; }

    /// <summary>The transfers the client speaks (<c>basic</c>, <c>multipart</c>; recent clients add <c>xet</c>).</summary>
    [JsonPropertyName("transfers")]
    public IReadOnlyList<string> Transfers { get; init; } = ["basic"];

    /// <summary><c>sha256</c> (JS sends <c>sha_256</c>).</summary>
    [JsonPropertyName("hash_algo")]
    public string HashAlgo { get; init; } = "sha256";

    /// <summary>The branch the objects are for.</summary>
    [JsonPropertyName("ref")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LfsRef? Ref { get; init; }

    /// <summary>The objects.</summary>
    [JsonPropertyName("objects")]
    public required IReadOnlyList<LfsObjectId> Objects { get; init; }
}
