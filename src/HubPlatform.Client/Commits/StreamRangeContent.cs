using System.Buffers;
using System.Net;

namespace HubPlatform.Client.Commits;

/// <summary>
/// A request body of <c>length</c> bytes of a source from <c>offset</c>, read as it is sent (an LFS object, or one part of
/// it), counting what goes out. It can be sent again, as a retry needs.
/// </summary>
internal sealed class StreamRangeContent : HttpContent
{
    private const int BufferBytes = 1 << 20;
    private readonly Func<Stream> _open;
    private readonly long _offset;
    private readonly long _length;
    private readonly Action<long>? _sent;

    public StreamRangeContent(Func<Stream> open, long offset, long length, Action<long>? sent)
    {
        _open = open;
        _offset = offset;
        _length = length;
        _sent = sent;
        Headers.ContentLength = length;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var source = _open();
        if (_offset > 0)
        {
            if (source.CanSeek)
            {
                source.Seek(_offset, SeekOrigin.Begin);
            }
            else
            {
                await SkipAsync(source, _offset, cancellationToken);
            }
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            var left = _length;
            while (left > 0)
            {
                var n = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(BufferBytes, left)), cancellationToken);
                if (n == 0)
                {
                    throw new IOException($"The source ended {left} bytes early; did the file change after it was hashed?");
                }

                await stream.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                left -= n;
                _sent?.Invoke(n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    private static async Task SkipAsync(Stream source, long count, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            while (count > 0)
            {
                var n = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(BufferBytes, count)), cancellationToken);
                if (n == 0)
                {
                    throw new IOException("The source is shorter than the part's offset.");
                }

                count -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
