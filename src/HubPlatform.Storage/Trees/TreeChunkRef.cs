namespace HubPlatform.Storage.Trees;

/// <summary>A reference from an index node to a node below it, with the last entry that node holds (for lookups).</summary>
/// <param name="NodeId">The node's row.</param>
/// <param name="LastName">The name of its last entry.</param>
/// <param name="LastIsDirectory">Whether its last entry is a folder (git orders folders as if their names ended with '/').</param>
public sealed record TreeChunkRef(long NodeId, string LastName, bool LastIsDirectory);
