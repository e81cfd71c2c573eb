namespace HubPlatform.Datasets;

/// <summary>How datasets are processed (configuration section <c>Datasets</c>).</summary>
public sealed class DatasetOptions
{
    /// <summary>
    /// A converted split is written as Parquet files of about this size each (<c>0000.parquet</c>, <c>0001.parquet</c>, …),
    /// as the Hub shards its conversions; a file ends after the row group that reaches it.
    /// </summary>
    public long ConversionShardBytes { get; set; } = 500L * 1000 * 1000;

    /// <summary>
    /// Memory for decoded row groups kept between pages (<see cref="RowGroupCache"/>); a group larger than half of it is
    /// not kept. 0 keeps none.
    /// </summary>
    public long RowGroupCacheBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Rows per row group in converted files.</summary>
    public int ConversionRowGroupRows { get; set; } = 100_000;
}
