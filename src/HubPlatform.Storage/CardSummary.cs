namespace HubPlatform.Storage;

/// <summary>What a repository's README tells listings and search: its metadata as JSON and the tags derived from it.</summary>
/// <param name="CardDataJson">The front matter as a JSON object (served as <c>cardData</c>), or null when there is none.</param>
/// <param name="Tags">Filter tags (<c>license:mit</c>, <c>pytorch</c>, ...), without spaces.</param>
/// <param name="PipelineTag">The declared task.</param>
/// <param name="LibraryName">The declared library.</param>
public sealed record CardSummary(string? CardDataJson, IReadOnlyList<string> Tags, string? PipelineTag, string? LibraryName);
