using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HubPlatform.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace HubPlatform.Datasets;

/// <summary>
/// Full-text indexes of splits, one SQLite FTS5 file per content of a split (<c>datasets/search/{key}.db</c> in the data
/// folder): the text of every string column of a row, folded to lower case, without diacritics and stemmed (Porter), under
/// the row's index. Built once by a job into a temporary file that is renamed into place, then only read.
/// </summary>
public sealed class DatasetSearchIndex(IOptions<StorageOptions> options)
{
    private const int RowsPerTransaction = 10_000;

    private string Folder => Path.Combine(options.Value.DataDirectory, "datasets", "search");

    /// <summary>The columns a search looks in: the top-level text columns.</summary>
    public static IReadOnlyList<string> TextColumns(JsonObject features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return [.. features.Where(f => f.Value?["_type"]?.GetValue<string>() == "Value" && f.Value["dtype"]?.GetValue<string>() is "string" or "large_string").Select(f => f.Key)];
    }

    /// <summary>The content keys that have an index, and when each was written.</summary>
    public IEnumerable<(string Key, DateTimeOffset Written)> Keys() =>
        Directory.Exists(Folder)
            ? Directory.EnumerateFiles(Folder, "*.db").Select(f => (Path.GetFileNameWithoutExtension(f), (DateTimeOffset)File.GetLastWriteTimeUtc(f))).Where(k => IsKey(k.Item1))
            : [];

    /// <summary>Removes the index of a split's content.</summary>
    public void Delete(string key) => File.Delete(PathOf(key));

    /// <summary>Whether the index of a split's content exists.</summary>
    public bool Exists(string key) => File.Exists(PathOf(key));

    /// <summary>
    /// Builds the index of a split's content from its cells, a row group at a time in row order (read column by column,
    /// as the statistics read them: a row group's rows as JSON would take tens of megabytes).
    /// </summary>
    internal async Task BuildAsync(string key, IReadOnlyList<string> columns, IAsyncEnumerable<CellBatch> batches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(batches);
        Directory.CreateDirectory(Folder);
        var temporary = Path.Combine(Folder, $".{key}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temporary, Pooling = false }.ToString()))
            {
                await connection.OpenAsync(cancellationToken);
                await ExecuteAsync(connection, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; " +
                    "CREATE VIRTUAL TABLE rows USING fts5(text, content = '', tokenize = 'porter unicode61 remove_diacritics 2');", cancellationToken);
                var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO rows (rowid, text) VALUES ($id, $text)";
                var id = insert.Parameters.Add("$id", SqliteType.Integer);
                var text = insert.Parameters.Add("$text", SqliteType.Text);
                var pending = 0;
                var builder = new StringBuilder();
                long first = 0;
                await foreach (var batch in batches.WithCancellation(cancellationToken))
                {
                    using (batch)
                    {
                        for (var i = 0; i < batch.Count; i++)
                        {
                            builder.Clear();
                            foreach (var column in columns)
                            {
                                if (batch.Cells(column)[i] is { HasValue: true, Text.IsEmpty: false } cell)
                                {
                                    builder.Append(cell.Text.Span).Append('\n');
                                }
                            }

                            if (builder.Length == 0)
                            {
                                continue;
                            }

                            (id.Value, text.Value) = (first + i, builder.ToString());
                            insert.Transaction = (SqliteTransaction)transaction;
                            await insert.ExecuteNonQueryAsync(cancellationToken);
                            if (++pending == RowsPerTransaction)
                            {
                                await transaction.CommitAsync(cancellationToken);
                                await transaction.DisposeAsync();
                                transaction = await connection.BeginTransactionAsync(cancellationToken);
                                pending = 0;
                            }
                        }

                        first += batch.Count;
                    }
                }

                await transaction.CommitAsync(cancellationToken);
                await transaction.DisposeAsync();
                await ExecuteAsync(connection, "INSERT INTO rows (rows) VALUES ('optimize');", cancellationToken);
            }

            File.Move(temporary, PathOf(key), overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// The rows of a split's content that hold any word of <paramref name="query"/> (compared stemmed and case-folded), in
    /// row order: how many, and the indexes of one page of them.
    /// </summary>
    public async Task<(long Total, IReadOnlyList<long> Rows)> SearchAsync(string key, string query, long offset, int length, CancellationToken cancellationToken)
    {
        var match = MatchExpression(query);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = PathOf(key), Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM rows WHERE rows MATCH $match";
        count.Parameters.AddWithValue("$match", match);
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        await using var page = connection.CreateCommand();
        page.CommandText = "SELECT rowid FROM rows WHERE rows MATCH $match ORDER BY rowid LIMIT $length OFFSET $offset";
        page.Parameters.AddWithValue("$match", match);
        page.Parameters.AddWithValue("$length", length);
        page.Parameters.AddWithValue("$offset", offset);
        var rows = new List<long>();
        await using var reader = await page.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(reader.GetInt64(0));
        }

        return (total, rows);
    }

    /// <summary>
    /// The user's words as an FTS5 query that matches any of them: each word quoted as a string (its quotes doubled), so
    /// no character of the query is read as FTS5 syntax.
    /// </summary>
    internal static string MatchExpression(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var words = query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" OR ", words.Select(w => "\"" + w.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
    }

    private static bool IsKey(string key) => key.Length == 64 && key.All(char.IsAsciiHexDigitLower);

    private string PathOf(string key) => IsKey(key) ? Path.Combine(Folder, key + ".db") : throw new ArgumentException("Not a content key.", nameof(key));

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
