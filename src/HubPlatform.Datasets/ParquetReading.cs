using Parquet;

namespace HubPlatform.Datasets;

/// <summary>
/// The options every Parquet reader and writer of the server is made with. Parquet.Net keeps one pool of decode buffers
/// per process and takes its limits from the latest reader's options: left at its defaults it may keep 80 MB of free
/// buffers, a fifth of the worker's memory budget, for the next row group.
/// </summary>
internal static class ParquetReading
{
    private const int PoolFreeBytes = 8 * 1024 * 1024;

    /// <summary>New options (the library may change an options object it is given, so each caller gets its own).</summary>
    public static ParquetOptions Options(bool append = false) => new() { MaximumSmallPoolFreeBytes = PoolFreeBytes / 2, MaximumLargePoolFreeBytes = PoolFreeBytes, Append = append };
}
