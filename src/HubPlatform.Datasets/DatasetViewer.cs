using System.Text.Json;
using System.Text.Json.Nodes;
using HubPlatform.Hub.Viewer;
using Parquet;
using HubPlatform.Storage;
using HubPlatform.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace HubPlatform.Datasets;

/// <summary>
/// The dataset viewer's answers for one dataset at one commit, from the snapshot its indexing job wrote: splits, info,
/// sizes, Parquet files, and pages of rows read from only the row groups that hold them. Access is checked by the caller.
/// </summary>
public sealed class DatasetViewer(HubDbContext db, JobQueue jobs, DatasetSnapshotCache cache, IBlobStore blobs, DatasetSearchIndex search, RowGroupCache rowGroups)
{
    /// <summary>The most rows one page holds.</summary>
    public const int MaxPageLength = 100;

    // The first rows answer stays near this size, as the Hub's does.
    private const int FirstRowsBytes = 1_000_000;
    private const int FirstRowsMinimum = 10;
    private const int TruncatedCellBytes = 100;

    private const string NotReadyMessage = "The server is busier than usual and the response is not ready yet. Please retry later.";

    /// <summary>
    /// The index of a dataset at a commit; when it is not there yet, makes sure a job computes it and refuses with
    /// <c>ResponseNotReady</c> (or the job's error, when indexing failed for good).
    /// </summary>
    public async Task<DatasetSnapshot> SnapshotAsync(RepositoryEntity repo, string commitId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        if (cache.TryGet(repo.Id, commitId, out var cached))
        {
            return cached!;
        }

        var row = await db.DatasetRevisions.AsNoTracking().Where(r => r.RepositoryId == repo.Id && r.CommitId == commitId)
            .Select(r => new { r.Snapshot, r.Format }).FirstOrDefaultAsync(cancellationToken);
        if (row is { Format: DatasetSnapshot.Format })
        {
            var snapshot = JsonSerializer.Deserialize(row.Snapshot, SnapshotJsonContext.Default.DatasetSnapshot)
                ?? throw new ViewerException("The dataset's index is damaged.");
            cache.Set(repo.Id, commitId, snapshot);
            return snapshot;
        }

        throw await NotReadyAsync(new JobRequest(DatasetIndexJob.JobKind, repo.Id, commitId), "The dataset could not be indexed.", "DatasetIndexError", cancellationToken);
    }

    /// <summary>
    /// <c>/statistics</c> of a split: computed by a job once per content of the split, and <c>ResponseNotReady</c> until then.
    /// </summary>
    public async Task<StatisticsResponse> StatisticsAsync(RepositoryEntity repo, string commitId, DatasetSnapshot snapshot, string config, string split, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var found = Split(snapshot, config, split);
        var key = found.ContentKey;
        var stored = await db.DatasetStatistics.AsNoTracking().Where(s => s.Key == key).Select(s => s.Statistics).FirstOrDefaultAsync(cancellationToken);
        if (stored is not null)
        {
            return JsonSerializer.Deserialize(stored, ViewerJsonContext.Default.StatisticsResponse) ?? throw new ViewerException("The split's statistics are damaged.");
        }

        throw await NotReadyAsync(new JobRequest(DatasetStatisticsJob.JobKind, repo.Id, commitId, SplitJob.PathOf(config, split)),
            "The statistics of this split could not be computed.", "DatasetStatisticsError", cancellationToken);
    }

    /// <summary>
    /// <c>/search</c>: the rows of a split whose text holds any word of <paramref name="query"/> (case-folded, stemmed), in
    /// row order, one page of them with the count of all; from an index a job builds once per content of the split.
    /// </summary>
    public async Task<RowsResponse> SearchAsync(RepositoryEntity repo, string commitId, DatasetSnapshot snapshot, string config, string split, string query, long offset, int length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var found = Split(snapshot, config, split);
        if (DatasetSearchIndex.TextColumns(found.Features!).Count == 0)
        {
            throw new ViewerException(422, ViewerErrorCodes.InvalidParameter, "The split has no text column to search.");
        }

        if (string.IsNullOrWhiteSpace(query))
        {
            throw new ViewerException(422, ViewerErrorCodes.MissingRequiredParameter, "Parameter 'query' is required");
        }

        var key = found.ContentKey;
        if (!search.Exists(key))
        {
            throw await NotReadyAsync(new JobRequest(DatasetSearchJob.JobKind, repo.Id, commitId, SplitJob.PathOf(config, split)),
                "The search index of this split could not be built.", "DatasetSearchError", cancellationToken);
        }

        var (total, indexes) = await search.SearchAsync(key, query, offset, length, cancellationToken);
        var rows = await RowsAtAsync(found, indexes, cancellationToken);
        return new RowsResponse
        {
            Features = Features(found), NumRowsTotal = total, NumRowsPerPage = length,
            Rows = [.. indexes.Select(i => new ViewerRow { RowIdx = i, Row = rows[i] })],
        };
    }

    // Why an answer a job computes is not there: the job failed for good (its error), or it is queued now (again, when it
    // was superseded, or done by a server that wrote another format) and the caller should retry.
    private async Task<ViewerException> NotReadyAsync(JobRequest request, string failure, string cause, CancellationToken cancellationToken)
    {
        var job = await jobs.EnsureAsync(request, cancellationToken);
        if (job.Status == JobQueue.Failed)
        {
            return new ViewerException(500, ViewerErrorCodes.Unexpected, failure, cause, job.Error);
        }

        if (job.Status == JobQueue.Done)
        {
            await jobs.RetryAsync(job.Id, cancellationToken);
        }

        return new ViewerException(500, ViewerErrorCodes.ResponseNotReady, NotReadyMessage);
    }

    /// <summary><c>/splits</c>: the splits of every configuration (or one).</summary>
    public static SplitsResponse Splits(string dataset, DatasetSnapshot snapshot, string? config)
    {
        var configs = Configs(snapshot, config);
        return new SplitsResponse
        {
            Splits = [.. configs.Where(c => c.Error is null).SelectMany(c => c.Splits.Select(s => new ViewerSplit { Dataset = dataset, Config = c.Name, Split = s.Name }))],
            Failed = [.. configs.Where(c => c.Error is not null).Select(c => Failed(dataset, c.Name, null, c.Error!))],
        };
    }

    /// <summary><c>/is-valid</c>: what works for the dataset, one configuration or one split.</summary>
    public static IsValidResponse IsValid(DatasetSnapshot snapshot, string? config, string? split)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var splits = Configs(snapshot, config).Where(c => c.Error is null).SelectMany(c => c.Splits)
            .Where(s => split is null || s.Name == split).ToList();
        if (split is not null && splits.Count == 0)
        {
            throw NotFound();
        }

        var rows = splits.Any(s => s.Error is null);
        var text = splits.Any(s => s.Error is null && DatasetSearchIndex.TextColumns(s.Features!).Count > 0);
        return new IsValidResponse { Preview = rows, Viewer = rows, Filter = rows, Search = text, Statistics = rows };
    }

    /// <summary><c>/info</c> for one configuration.</summary>
    public static ConfigInfoResponse ConfigInfo(string dataset, DatasetSnapshot snapshot, string config)
    {
        var found = Configs(snapshot, config).Single();
        return new ConfigInfoResponse { DatasetInfo = Info(dataset, found) ?? throw Unreadable(found.Error ?? found.Splits.First(s => s.Error is not null).Error!) };
    }

    /// <summary><c>/info</c> for every configuration.</summary>
    public static DatasetInfoResponse DatasetInfo(string dataset, DatasetSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var infos = new Dictionary<string, ViewerDatasetInfo>(StringComparer.Ordinal);
        var failed = new List<ViewerFailedConfig>();
        foreach (var config in snapshot.Configs)
        {
            if (Info(dataset, config) is { } info)
            {
                infos[config.Name] = info;
            }
            else
            {
                failed.Add(Failed(dataset, config.Name, null, config.Error ?? config.Splits.FirstOrDefault(s => s.Error is not null)?.Error ?? "No data files."));
            }
        }

        return new DatasetInfoResponse { DatasetInfo = infos, Failed = failed };
    }

    /// <summary><c>/size</c>: rows and bytes of the dataset, its configurations and splits (or of one configuration).</summary>
    public static SizeResponse Size(string dataset, DatasetSnapshot snapshot, string? config)
    {
        var configs = Configs(snapshot, config);
        var servable = configs.Where(c => c.Error is null).ToList();
        var splits = servable.SelectMany(c => c.Splits.Where(s => s.Error is null).Select(s => new ViewerSize
        {
            Dataset = dataset, Config = c.Name, Split = s.Name, NumBytesOriginalFiles = s.NumBytes, NumBytesParquetFiles = s.NumBytes,
            NumBytesMemory = s.NumBytesMemory, NumRows = s.NumRows, NumColumns = s.Features?.Count ?? 0,
        })).ToList();
        var perConfig = servable.Select(c => Sum(splits.Where(s => s.Config == c.Name), dataset, c.Name,
            c.Splits.FirstOrDefault(s => s.Features is not null)?.Features?.Count ?? 0)).ToList();
        var failed = configs.Where(c => c.Error is not null).Select(c => Failed(dataset, c.Name, null, c.Error!))
            .Concat(servable.SelectMany(c => c.Splits.Where(s => s.Error is not null).Select(s => Failed(dataset, c.Name, s.Name, s.Error!)))).ToList();
        var summary = config is null
            ? new SizeSummary { Dataset = Sum(splits, dataset, null, null), Configs = perConfig, Splits = splits }
            : new SizeSummary { Config = perConfig.SingleOrDefault() ?? throw Unreadable(failed.FirstOrDefault()?.Error.Error ?? "No data files."), Splits = splits };
        return new SizeResponse { Size = summary, Failed = failed };
    }

    /// <summary><c>/parquet</c>: the Parquet files of every split (or of one configuration's), with their download URLs.</summary>
    public static ParquetFilesResponse ParquetFiles(string dataset, DatasetSnapshot snapshot, string? config, Func<FileSnapshot, string> urlOf)
    {
        ArgumentNullException.ThrowIfNull(urlOf);
        var configs = Configs(snapshot, config);
        return new ParquetFilesResponse
        {
            ParquetFiles = [.. configs.Where(c => c.Error is null).SelectMany(c => c.Splits.Where(s => s.Error is null).SelectMany(s => s.Files.Select(f => new ParquetFileInfo
            {
                Dataset = dataset, Config = c.Name, Split = s.Name, Url = urlOf(f), Filename = Path.GetFileName(f.Path), Size = f.Size,
            })))],
            Failed = [.. configs.Where(c => c.Error is not null).Select(c => Failed(dataset, c.Name, null, c.Error!))
                .Concat(configs.Where(c => c.Error is null).SelectMany(c => c.Splits.Where(s => s.Error is not null).Select(s => Failed(dataset, c.Name, s.Name, s.Error!))))],
        };
    }

    /// <summary>The split asked for, servable (404 when there is none, 500 <c>StreamingRowsError</c> when its files cannot be read).</summary>
    public static SplitSnapshot Split(DatasetSnapshot snapshot, string config, string split)
    {
        var found = Configs(snapshot, config).Single();
        if (found.Error is not null)
        {
            throw Unreadable(found.Error);
        }

        var result = found.Split(split) ?? throw NotFound();
        return result.Error is null ? result : throw Unreadable(result.Error);
    }

    /// <summary>The split's columns as the viewer lists them.</summary>
    public static IReadOnlyList<ViewerFeature> Features(SplitSnapshot split)
    {
        ArgumentNullException.ThrowIfNull(split);
        return [.. (split.Features ?? []).Select((kv, i) => new ViewerFeature { FeatureIdx = i, Name = kv.Key, Type = kv.Value!.DeepClone() })];
    }

    /// <summary><c>/rows</c>: rows <paramref name="offset"/> to <paramref name="offset"/> + <paramref name="length"/> - 1 of a split.</summary>
    /// <param name="split">The split.</param>
    /// <param name="offset">The first row.</param>
    /// <param name="length">How many rows.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <param name="cacheScope">
    /// The dataset read (its id), when the decoded row groups may be kept for the next pages: reads of one dataset never
    /// find what reads of another decoded, so that timing says nothing across tenants.
    /// </param>
    public async Task<RowsResponse> RowsAsync(SplitSnapshot split, long offset, int length, CancellationToken cancellationToken, string? cacheScope = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        var rows = await ReadAsync(split, offset, length, cancellationToken, cacheScope);
        return new RowsResponse
        {
            Features = Features(split), NumRowsTotal = split.NumRows, NumRowsPerPage = length,
            Rows = [.. rows.Select(r => new ViewerRow { RowIdx = r.RowIndex, Row = r.Row })],
        };
    }

    /// <summary><c>/first-rows</c>: up to 100 rows of a split, cut to about 1 MB (at least 10 rows, their large cells shortened).</summary>
    public async Task<FirstRowsResponse> FirstRowsAsync(string dataset, DatasetSnapshot snapshot, string config, string splitName, CancellationToken ct)
    {
        var split = Split(snapshot, config, splitName);
        var rows = await ReadAsync(split, 0, MaxPageLength, ct, dataset);
        var kept = new List<ViewerRow>();
        var bytes = 0L;
        foreach (var (index, row) in rows)
        {
            var size = row.ToJsonString().Length;
            if (bytes + size > FirstRowsBytes && kept.Count >= FirstRowsMinimum)
            {
                break;
            }

            var truncated = new List<string>();
            if (bytes + size > FirstRowsBytes)
            {
                // Even the first rows are too big: their large cells are cut to a short prefix of their JSON.
                foreach (var (name, cell) in row.ToList())
                {
                    var json = cell is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : cell?.ToJsonString() ?? "null";
                    if (json.Length > TruncatedCellBytes)
                    {
                        row[name] = json[..TruncatedCellBytes];
                        truncated.Add(name);
                    }
                }

                size = row.ToJsonString().Length;
            }

            bytes += size;
            kept.Add(new ViewerRow { RowIdx = index, Row = row, TruncatedCells = truncated });
        }

        return new FirstRowsResponse
        {
            Dataset = dataset, Config = config, Split = splitName, Features = Features(split), Rows = kept,
            Truncated = kept.Count < Math.Min(MaxPageLength, split.NumRows),
        };
    }

    /// <summary>
    /// <c>/filter</c>: the rows of a split where <paramref name="where"/> is true, in split order or by
    /// <paramref name="orderBy"/>, one page of them with the count of all. Reads once, one at a time, every row group whose
    /// column statistics do not rule it out (<see cref="FilterExpression.MayMatch"/>); with an
    /// order it keeps only the sort keys of the best <paramref name="offset"/> + <paramref name="length"/> rows, then reads
    /// the page's rows again from their row groups.
    /// </summary>
    public async Task<RowsResponse> FilterAsync(SplitSnapshot split, string where, string? orderBy, long offset, int length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(split);
        FilterExpression filter;
        RowOrder? order;
        try
        {
            filter = FilterExpression.Parse(where);
            order = orderBy is null ? null : RowOrder.Parse(orderBy);
        }
        catch (FilterSyntaxException e)
        {
            throw new ViewerException(400, ViewerErrorCodes.InvalidParameter, e.Message);
        }

        var features = split.Features!;
        if (filter.Columns.Concat(order is null ? [] : [order.Column]).FirstOrDefault(c => !features.ContainsKey(c)) is { } unknown)
        {
            throw new ViewerException(400, ViewerErrorCodes.InvalidParameter, $"Column \"{unknown}\" does not exist; the columns are {string.Join(", ", features.Select(f => $"\"{f.Key}\""))}.");
        }

        long matches = 0;
        var page = new List<(long RowIndex, JsonObject Row)>();
        var keep = offset + length;
        var best = order is null ? null : new PriorityQueue<(JsonNode? Key, long RowIndex), (JsonNode? Key, long RowIndex)>(Comparer<(JsonNode?, long)>.Create((a, b) => order.Compare(b, a)));
        await foreach (var (index, row) in AllRowsAsync(split, filter.MayMatch, cancellationToken))
        {
            if (!filter.Matches(row))
            {
                continue;
            }

            if (best is not null)
            {
                var entry = (row[order!.Column]?.DeepClone(), index);
                if (best.Count < keep)
                {
                    best.Enqueue(entry, entry);
                }
                else if (keep > 0 && order.Compare(entry, best.Peek()) < 0)
                {
                    best.DequeueEnqueue(entry, entry);
                }
            }
            else if (matches >= offset && page.Count < length)
            {
                page.Add((index, row));
            }

            matches++;
        }

        if (best is not null)
        {
            var ordered = new List<(JsonNode? Key, long RowIndex)>();
            while (best.Count > 0)
            {
                ordered.Add(best.Dequeue());
            }

            ordered.Reverse();
            var wanted = ordered.Skip((int)Math.Min(offset, int.MaxValue)).Select(e => e.RowIndex).ToList();
            var rows = await RowsAtAsync(split, wanted, cancellationToken);
            page = [.. wanted.Select(i => (i, rows[i]))];
        }

        return new RowsResponse
        {
            Features = Features(split), NumRowsTotal = matches, NumRowsPerPage = length,
            Rows = [.. page.Select(r => new ViewerRow { RowIdx = r.RowIndex, Row = r.Row })],
        };
    }

    // The rows of a split in order, one row group in memory at a time, skipping the groups whose statistics rule them out.
    internal async IAsyncEnumerable<(long RowIndex, JsonObject Row)> AllRowsAsync(SplitSnapshot split, Func<RowGroupIndex, bool> mayMatch, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long first = 0;
        foreach (var file in split.Files)
        {
            foreach (var group in file.RowGroups.Where(g => g.RowCount > 0 && mayMatch(g)))
            {
                foreach (var row in await ReadAsync(split, first + group.FirstRow, (int)Math.Min(group.RowCount, int.MaxValue), cancellationToken))
                {
                    yield return row;
                }
            }

            first += file.RowCount;
        }
    }

    /// <summary>
    /// A split's cells by column (those named, or all), a row group at a time, for its statistics and search index: flat
    /// files column by column into typed buffers, others through their rows.
    /// </summary>
    internal async IAsyncEnumerable<CellBatch> CellBatchesAsync(SplitSnapshot split, IReadOnlyCollection<string>? wanted, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var names = split.Features!.Select(f => f.Key).Where(n => wanted is null || wanted.Contains(n)).ToList();
        long first = 0;
        foreach (var file in split.Files)
        {
            await using var stream = blobs.OpenRandomAccess(file.Sha256);
            await using var reader = await ParquetReader.CreateAsync(stream, ParquetReading.Options(), cancellationToken: cancellationToken);
            var flat = FlatColumns.Supports(reader.Schema);
            for (var g = 0; g < file.RowGroups.Count; g++)
            {
                var group = file.RowGroups[g];
                if (group.RowCount == 0)
                {
                    continue;
                }

                if (!flat || group.UncompressedBytes > ParquetRows.MaxRowGroupBytes)
                {
                    // The row path says why a group is too large, and reads nested columns.
                    var rows = await ReadAsync(split, first + group.FirstRow, (int)group.RowCount, cancellationToken);
                    yield return CellBatch.FromRows([.. rows.Select(r => r.Row)], names);
                    continue;
                }

                CellBatch batch;
                try
                {
                    batch = await FlatColumns.ReadCellsAsync(reader, g, wanted, cancellationToken);
                }
                catch (Exception e) when (DatasetFileException.IsReadFailure(e))
                {
                    throw Unreadable($"{file.Path}: Row group {g} cannot be read: {DatasetFileException.Describe(e)}");
                }

                yield return batch;
            }

            first += file.RowCount;
        }
    }

    // The rows at some indexes of a split, reading each row group that holds any of them once.
    private async Task<Dictionary<long, JsonObject>> RowsAtAsync(SplitSnapshot split, IEnumerable<long> indexes, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, JsonObject>();
        var sorted = indexes.Order().ToList();
        for (var i = 0; i < sorted.Count;)
        {
            var (groupStart, groupRows) = GroupOf(split, sorted[i]);
            var rows = await ReadAsync(split, groupStart, groupRows, cancellationToken);
            for (; i < sorted.Count && sorted[i] < groupStart + groupRows; i++)
            {
                result[sorted[i]] = rows[(int)(sorted[i] - groupStart)].Row;
            }
        }

        return result;
    }

    // The first row (in the split) and row count of the row group that holds a row.
    private static (long Start, int Rows) GroupOf(SplitSnapshot split, long row)
    {
        long first = 0;
        foreach (var file in split.Files)
        {
            if (row < first + file.RowCount)
            {
                var group = file.RowGroups.Last(g => g.FirstRow <= row - first && g.RowCount > 0);
                return (first + group.FirstRow, (int)group.RowCount);
            }

            first += file.RowCount;
        }

        throw new ArgumentOutOfRangeException(nameof(row));
    }

    /// <summary>Rows of a split (across its files), each with its index in the split.</summary>
    internal async Task<List<(long RowIndex, JsonObject Row)>> ReadAsync(SplitSnapshot split, long offset, int length, CancellationToken cancellationToken, string? cacheScope = null)
    {
        var result = new List<(long, JsonObject)>();
        long first = 0;
        foreach (var file in split.Files)
        {
            var end = offset + length;
            if (result.Count >= length || first >= end)
            {
                break;
            }

            var next = offset + result.Count;
            if (next < first + file.RowCount)
            {
                var index = new ParquetFileIndex(file.RowCount, file.RowGroups, split.Features!);
                try
                {
                    var rows = await ParquetRows.ReadAsync(() => blobs.OpenRandomAccess(file.Sha256), index, next - first, (int)Math.Min(length - result.Count, file.RowCount),
                        cacheScope is null ? null : (rowGroups, cacheScope, file.Sha256), cancellationToken);
                    result.AddRange(rows.Select(r => (first + r.RowIndex, r.Row)));
                }
                catch (DatasetFileException e)
                {
                    throw Unreadable($"{file.Path}: {e.Message}");
                }
                catch (FileNotFoundException)
                {
                    throw Unreadable($"{file.Path}: the file's bytes are missing from the blob store.");
                }
            }

            first += file.RowCount;
        }

        return result;
    }

    /// <summary>The configurations asked for: all, or the one named (404 when there is none).</summary>
    internal static IReadOnlyList<ConfigSnapshot> Configs(DatasetSnapshot snapshot, string? config)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return config is null ? snapshot.Configs : [snapshot.Config(config) ?? throw NotFound()];
    }

    internal static ViewerException NotFound() => new(404, ViewerErrorCodes.ResponseNotFound, "Not found.");

    internal static ViewerException Unreadable(string why) =>
        new(500, ViewerErrorCodes.StreamingRowsError, "Cannot read the data files of this split.", "DatasetFileError", why);

    private static ViewerFailedConfig Failed(string dataset, string config, string? split, string error) =>
        new() { Dataset = dataset, Config = config, Split = split, Error = new ViewerError { Error = error } };

    private static ViewerSize Sum(IEnumerable<ViewerSize> parts, string dataset, string? config, int? columns)
    {
        var list = parts.ToList();
        return new ViewerSize
        {
            Dataset = dataset, Config = config, NumColumns = columns,
            NumBytesOriginalFiles = list.Sum(p => p.NumBytesOriginalFiles), NumBytesParquetFiles = list.Sum(p => p.NumBytesParquetFiles),
            NumBytesMemory = list.Sum(p => p.NumBytesMemory), NumRows = list.Sum(p => p.NumRows),
        };
    }

    // A configuration's info, from its first split that can be read; null when none can.
    private static ViewerDatasetInfo? Info(string dataset, ConfigSnapshot config)
    {
        if (config.Error is not null || config.Splits.FirstOrDefault(s => s.Error is null) is not { } first)
        {
            return null;
        }

        var name = dataset.Contains('/', StringComparison.Ordinal) ? dataset[(dataset.IndexOf('/', StringComparison.Ordinal) + 1)..] : dataset;
        var splits = config.Splits.Where(s => s.Error is null).ToList();
        return new ViewerDatasetInfo
        {
            Description = config.Description, License = config.License, Features = (JsonObject)first.Features!.DeepClone(),
            BuilderName = config.BuilderName, ConfigName = config.Name,
            Splits = splits.ToDictionary(s => s.Name, s => new ViewerSplitSize { Name = s.Name, NumBytes = s.NumBytesMemory, NumExamples = s.NumRows, DatasetName = name }, StringComparer.Ordinal),
            DownloadSize = splits.Sum(s => s.NumBytes), DatasetSize = splits.Sum(s => s.NumBytesMemory),
        };
    }
}
