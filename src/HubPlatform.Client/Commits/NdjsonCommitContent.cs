using System.Buffers;
using System.Buffers.Text;
using System.Net;
using System.Text.Json;

namespace HubPlatform.Client.Commits;

/// <summary>
/// The NDJSON body of a commit, written while it is sent: the header line, then one line per change. A regular file's
/// bytes are read and base64-encoded piece by piece straight into its line, so no file is ever whole in memory.
/// </summary>
internal sealed class NdjsonCommitContent : HttpContent
{
    private const int ChunkBytes = 3 * 64 * 1024;
    private static readonly ReadOnlyMemory<byte> NewLine = "\n"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> FileLineEnd = "\"}}\n"u8.ToArray();
    private readonly string _title;
    private readonly string? _description;
    private readonly string? _parentCommit;
    private readonly IReadOnlyList<Line> _lines;

    public NdjsonCommitContent(string title, string? description, string? parentCommit, IReadOnlyList<Line> lines)
    {
        _title = title;
        _description = description;
        _parentCommit = parentCommit;
        _lines = lines;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-ndjson");
    }

    /// <summary>One change of the commit.</summary>
    public abstract record Line(string Path);

    /// <summary>A regular file sent inline.</summary>
    public sealed record RegularFile(string Path, Func<Stream> Open) : Line(Path);

    /// <summary>An LFS file whose object the server has.</summary>
    public sealed record LfsFile(string Path, string Sha256, long Size) : Line(Path);

    /// <summary>A deleted file or folder.</summary>
    public sealed record Deletion(string Path, bool IsFolder) : Line(Path);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await WriteLineAsync(stream, "header", w =>
        {
            w.WriteString("summary", _title);
            w.WriteString("description", _description ?? string.Empty);
            if (_parentCommit is not null)
            {
                w.WriteString("parentCommit", _parentCommit);
            }
        }, cancellationToken);
        foreach (var line in _lines)
        {
            switch (line)
            {
                case RegularFile file:
                    await WriteRegularFileAsync(stream, file, cancellationToken);
                    break;
                case LfsFile lfs:
                    await WriteLineAsync(stream, "lfsFile", w =>
                    {
                        w.WriteString("path", lfs.Path);
                        w.WriteString("algo", "sha256");
                        w.WriteString("oid", lfs.Sha256);
                        w.WriteNumber("size", lfs.Size);
                    }, cancellationToken);
                    break;
                case Deletion deletion:
                    await WriteLineAsync(stream, deletion.IsFolder ? "deletedFolder" : "deletedFile", w => w.WriteString("path", deletion.Path), cancellationToken);
                    break;
            }
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    private static async Task WriteLineAsync(Stream stream, string key, Action<Utf8JsonWriter> value, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("key", key);
            w.WriteStartObject("value");
            value(w);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await stream.WriteAsync(NewLine, cancellationToken);
    }

    // {"key":"file","value":{"path":"…","encoding":"base64","content":"<streamed>"}}
    private static async Task WriteRegularFileAsync(Stream stream, RegularFile file, CancellationToken cancellationToken)
    {
        var head = new ArrayBufferWriter<byte>();
        await using (var w = new Utf8JsonWriter(head))
        {
            w.WriteStartObject();
            w.WriteString("key", "file");
            w.WritePropertyName("value");
            w.WriteStartObject();
            w.WriteString("path", file.Path);
            w.WriteString("encoding", "base64");
            w.WriteString("content", string.Empty);
            await w.FlushAsync(cancellationToken);
        }

        // Everything but the closing quote of the empty content string, which the encoded bytes go in front of.
        await stream.WriteAsync(head.WrittenMemory[..^1], cancellationToken);
        await using (var source = file.Open())
        {
            var raw = ArrayPool<byte>.Shared.Rent(ChunkBytes);
            var encoded = ArrayPool<byte>.Shared.Rent(Base64.GetMaxEncodedToUtf8Length(ChunkBytes));
            try
            {
                int filled;
                while ((filled = await source.ReadAtLeastAsync(raw.AsMemory(0, ChunkBytes), ChunkBytes, throwOnEndOfStream: false, cancellationToken)) > 0)
                {
                    // Whole chunks are multiples of 3 bytes, so only the last one can need padding.
                    Base64.EncodeToUtf8(raw.AsSpan(0, filled), encoded, out _, out var written, isFinalBlock: true);
                    await stream.WriteAsync(encoded.AsMemory(0, written), cancellationToken);
                    if (filled < ChunkBytes)
                    {
                        break;
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(raw);
                ArrayPool<byte>.Shared.Return(encoded);
            }
        }

        await stream.WriteAsync(FileLineEnd, cancellationToken);
    }
}
