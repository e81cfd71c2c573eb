using HubPlatform.Hub.Validation;

namespace HubPlatform.Mirror.Pages;

/// <summary>One repository in a listing.</summary>
public sealed record RepoRow(string Id, string? Task, string? Library, bool Private, DateTimeOffset LastModified, long Downloads, long Likes, long SizeBytes, ModelValidationSummary? Validation);
