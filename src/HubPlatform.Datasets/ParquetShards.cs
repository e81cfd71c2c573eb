namespace HubPlatform.Datasets;

/// <summary>
/// The Parquet files one converted split is written to, one after another in a folder: a writer asks for the current file,
/// and starts the next one once the current has reached the size limit. Disposing deletes them all.
/// </summary>
internal sealed class ParquetShards(string folder, long shardBytes) : IAsyncDisposable
{
    private readonly List<string> _files = [];
    private FileStream? _current;

    /// <summary>The finished files, in order.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Whether the current file has bytes already (a writer then appends to it).</summary>
    public bool CurrentHasData => _current is { Length: > 0 };

    /// <summary>Whether the current file reached the limit, so the next row group belongs in a new one.</summary>
    public bool CurrentIsFull => _current is not null && _current.Length >= shardBytes;

    /// <summary>The file being written, created when first asked for.</summary>
    public Stream Current
    {
        get
        {
            if (_current is null)
            {
                Directory.CreateDirectory(folder);
                _current = new FileStream(Path.Combine(folder, $"{_files.Count:D4}.parquet"), FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
            }

            return _current;
        }
    }

    /// <summary>Ends the current file; the next <see cref="Current"/> starts another.</summary>
    public async Task FinishCurrentAsync()
    {
        if (_current is null)
        {
            return;
        }

        await _current.FlushAsync();
        _files.Add(_current.Name);
        await _current.DisposeAsync();
        _current = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_current is not null)
        {
            await _current.DisposeAsync();
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was written.
        }
    }
}
