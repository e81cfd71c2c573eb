namespace HubPlatform.Client.Commits;

/// <summary>What one read of a file gives: its size, sha256 (the LFS oid), git blob id and the first 512 bytes for preupload.</summary>
internal sealed record FileHashes(long Size, string Sha256, string GitBlobId, byte[] Sample);
