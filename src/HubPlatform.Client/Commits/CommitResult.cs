namespace HubPlatform.Client.Commits;

/// <summary>What a commit made.</summary>
/// <param name="CommitId">The new commit's id.</param>
/// <param name="CommitUrl">Its web address.</param>
/// <param name="LfsObjectsUploaded">LFS objects whose bytes were sent (those the server already had are not).</param>
/// <param name="LfsBytesUploaded">The bytes sent for them.</param>
public sealed record CommitResult(string CommitId, Uri CommitUrl, int LfsObjectsUploaded, long LfsBytesUploaded);
