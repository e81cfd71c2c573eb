namespace HubPlatform.Datasets;

/// <summary>A split's CSV or JSON files as Parquet on <c>refs/convert/parquet</c>, or why they are not.</summary>
/// <param name="Shards">The Parquet files, in order.</param>
/// <param name="Error">Why the split has no Parquet files, or null.</param>
public sealed record ConvertedSplit(IReadOnlyList<ConvertedShard> Shards, string? Error);

/// <summary>One Parquet file of a converted split.</summary>
/// <param name="Path">Its path on <c>refs/convert/parquet</c> (<c>{config}/{split}/0000.parquet</c>).</param>
/// <param name="Sha256">Its content's sha256.</param>
/// <param name="Size">Its size.</param>
/// <param name="Revision">A commit of <c>refs/convert/parquet</c> where it is at that path.</param>
public sealed record ConvertedShard(string Path, string Sha256, long Size, string Revision);
