namespace HubPlatform.Storage;

/// <summary>What a repository's README tells listings and search: its metadata as JSON and the tags derived from it.</summary>
/// <param name="CardDataJson">The front matter as a JSON object (served as <c>cardData</c>), or null when there is none.</param>
/// <param name="Tags">Filter tags (<c>license:mit</c>, <c>pytorch</c>, ...), without spaces.</param>
/// <param name="PipelineTag">The declared task.</param>
/// <param name="LibraryName">The declared library.</param>
/// <param name="Score">The card's completeness score (0–100) from its audit.</param>
/// <param name="FindingCodes">The codes of the audit's findings, each once.</param>
public sealed record CardSummary(string? CardDataJson, IReadOnlyList<string> Tags, string? PipelineTag, string? LibraryName, int? Score = null, IReadOnlyList<string>? FindingCodes = null);
