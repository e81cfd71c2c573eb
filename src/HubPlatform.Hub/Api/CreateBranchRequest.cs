using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>The body of <c>POST /api/{type}/{repo}/branch/{branch}</c>.</summary>
public sealed record CreateBranchRequest
{
    /// <summary>The revision the branch starts at; absent means the default branch's head.</summary>
    [JsonPropertyName("startingPoint")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StartingPoint { get; init; }
}
