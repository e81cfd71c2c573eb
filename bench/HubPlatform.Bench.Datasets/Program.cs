using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Parquet;
using Parquet.Schema;

// The reference side of bench/datasets.sh, which measures the mirror over HTTP:
//   write FILE ROWS   - a file of ROWS rows in row groups of 100,000: id, score (double, some null), label (5 classes), text
//   duckdb FILE RUNS  - DuckDB (one thread) reading pages of 100 rows at offsets 0, ROWS/2 and ROWS-100 (median of RUNS
//                       reads each), then computing the split's statistics as the viewer defines them
// Each prints "name milliseconds" lines.
var mode = args.Length > 1 ? args[0] : throw new ArgumentException("usage: write FILE ROWS | duckdb FILE RUNS");
var file = args[1];
if (mode == "write")
{
    await WriteAsync(file, long.Parse(args[2], CultureInfo.InvariantCulture));
}
else
{
    Duck(file, int.Parse(args[2], CultureInfo.InvariantCulture));
}

static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);

static async Task WriteAsync(string file, long rows)
{
    const int GroupRows = 100_000;
    var id = new DataField<long>("id");
    var score = new DataField<double?>("score");
    var label = new DataField<string>("label");
    string[] classes = ["positive", "negative", "neutral", "mixed", "unclear"];
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
        await group.WriteAsync(label, Enumerable.Range(0, count).Select(_ => classes[random.Next(5)]).ToArray());
        await group.WriteAsync(text, Enumerable.Range(0, count).Select(i => $"review {first + i} of {random.Next(1000)} words").ToArray());
    }
}

static void Duck(string file, int runs)
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
    foreach (var offset in new[] { 0, rows / 2, rows - 100 })
    {
        var times = new List<double>();
        var read = 0;
        for (var run = 0; run < runs; run++)
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
