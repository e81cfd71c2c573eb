using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using HubPlatform.Datasets;
using Parquet;
using Parquet.Schema;

// The dataset viewer's reads against DuckDB's on one Parquet file (bench/datasets.sh runs each part in its own process):
//   write FILE ROWS  - a file of ROWS rows in row groups of 100,000: id, score (double, some null), label (int), text
//   ours FILE        - pages of 100 rows at several offsets, then the split's column statistics, as the viewer computes them
//   duckdb FILE      - the same pages and the same statistics (exact median) through DuckDB
// Each part prints "name milliseconds" lines; a page's time is the median of five reads.
const int Runs = 5;
var mode = args.Length > 0 ? args[0] : throw new ArgumentException("usage: write FILE ROWS | ours FILE | duckdb FILE");
var file = args[1];
switch (mode)
{
    case "write":
        await WriteAsync(file, long.Parse(args[2], CultureInfo.InvariantCulture));
        break;
    case "ours":
        await OursAsync(file);
        break;
    default:
        Duck(file);
        break;
}

static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);

static long[] Offsets(long rows) => [0, rows / 3, rows / 2, rows - 150, (rows * 9) / 10];

static async Task WriteAsync(string file, long rows)
{
    const int GroupRows = 100_000;
    var id = new DataField<long>("id");
    var score = new DataField<double?>("score");
    var label = new DataField<int>("label");
    var text = new DataField<string>("text");
    await using var stream = File.Create(file);
    await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, score, label, text), stream);
    var random = new Random(7);
    for (long first = 0; first < rows; first += GroupRows)
    {
        var count = (int)Math.Min(GroupRows, rows - first);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync<long>(id, Enumerable.Range(0, count).Select(i => first + i).ToArray());
        await group.WriteAsync<double>(score, Enumerable.Range(0, count).Select(_ => random.Next(20) == 0 ? (double?)null : random.NextDouble() * 100).ToArray());
        await group.WriteAsync<int>(label, Enumerable.Range(0, count).Select(_ => random.Next(5)).ToArray());
        await group.WriteAsync(text, Enumerable.Range(0, count).Select(i => $"review {first + i} of {random.Next(1000)} words").ToArray());
    }
}

static async Task OursAsync(string file)
{
    var index = await ParquetFileIndex.ReadAsync(File.OpenRead(file), CancellationToken.None);
    Stream Open() => new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
    await ParquetRows.ReadAsync(Open, index, 0, 100, CancellationToken.None); // warm-up
    var footers = new List<double>();
    for (var run = 0; run < Runs; run++)
    {
        var clock = Stopwatch.StartNew();
        await using var stream = Open();
        await using var reader = await ParquetReader.CreateAsync(stream);
        footers.Add(clock.Elapsed.TotalMilliseconds);
    }

    Console.WriteLine($"footer {Median(footers):0.0} {index.RowGroups.Count}");
    foreach (var offset in Offsets(index.RowCount))
    {
        var times = new List<double>();
        var count = 0;
        for (var run = 0; run < Runs; run++)
        {
            var clock = Stopwatch.StartNew();
            count = (await ParquetRows.ReadAsync(Open, index, offset, 100, CancellationToken.None)).Count;
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"rows@{offset} {Median(times):0.0} {count}");
    }

    var stats = Stopwatch.StartNew();
    var (total, columns) = await SplitStatistics.ComputeAsync(index.Features, () => Batches(Open, index), CancellationToken.None);
    Console.WriteLine($"statistics {stats.Elapsed.TotalMilliseconds:0} {total} {columns.Count}");
    Console.WriteLine($"peak-rss-mb {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)}");
}

// As the statistics job reads a flat file: each row group column by column.
static async IAsyncEnumerable<CellBatch> Batches(Func<Stream> open, ParquetFileIndex index)
{
    await using var stream = open();
    await using var reader = await ParquetReader.CreateAsync(stream);
    for (var g = 0; g < index.RowGroups.Count; g++)
    {
        yield return await FlatColumns.ReadCellsAsync(reader, g, CancellationToken.None);
    }
}

static void Duck(string file)
{
    using var connection = new DuckDBConnection("DataSource=:memory:");
    connection.Open();
    using (var threads = connection.CreateCommand())
    {
        threads.CommandText = "SET threads = 1";
        threads.ExecuteNonQuery();
    }

    long rows;
    using (var count = connection.CreateCommand())
    {
        count.CommandText = $"SELECT count(*) FROM read_parquet('{file}')";
        rows = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    Run(connection, $"SELECT * FROM read_parquet('{file}') LIMIT 100 OFFSET 0");
    foreach (var offset in Offsets(rows))
    {
        var times = new List<double>();
        var read = 0;
        for (var run = 0; run < Runs; run++)
        {
            var clock = Stopwatch.StartNew();
            read = Run(connection, $"SELECT * FROM read_parquet('{file}') LIMIT 100 OFFSET {offset}");
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"rows@{offset} {Median(times):0.0} {read}");
    }

    // What the viewer's statistics ask for: per numeric column nulls, min, max, mean, exact median, sample std and a 10-bin
    // histogram; label frequencies; text length numbers.
    var stats = Stopwatch.StartNew();
    foreach (var sql in new[]
    {
        $"SELECT count(*) - count(id), min(id), max(id), avg(id), median(id), stddev_samp(id) FROM read_parquet('{file}')",
        $"SELECT count(*) - count(score), min(score), max(score), avg(score), median(score), stddev_samp(score) FROM read_parquet('{file}')",
        $"SELECT label, count(*) FROM read_parquet('{file}') GROUP BY label",
        $"SELECT count(DISTINCT text) FROM read_parquet('{file}')",
        $"SELECT min(length(text)), max(length(text)), avg(length(text)), median(length(text)), stddev_samp(length(text)) FROM read_parquet('{file}')",
        $"SELECT least(floor((id - 0) / ({rows} / 10.0)), 9) AS b, count(*) FROM read_parquet('{file}') GROUP BY b",
        $"SELECT least(floor(score / 10.0), 9) AS b, count(*) FROM read_parquet('{file}') WHERE score IS NOT NULL GROUP BY b",
        $"SELECT least(floor((length(text) - 20) / 2.0), 9) AS b, count(*) FROM read_parquet('{file}') GROUP BY b",
    })
    {
        Run(connection, sql);
    }

    Console.WriteLine($"statistics {stats.Elapsed.TotalMilliseconds:0} {rows} 4");
}

static int Run(DuckDBConnection connection, string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    using var reader = command.ExecuteReader();
    var count = 0;
    while (reader.Read())
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            _ = reader.GetValue(i);
        }

        count++;
    }

    return count;
}
