namespace HubPlatform.Client.Tests;

/// <summary>
/// Sits where the socket handler sits and breaks the network on purpose: the first full-body GET of a path delivers
/// <see cref="CutAfter"/> bytes and then fails as a reset connection does.
/// </summary>
internal sealed class CutOffHandler(string pathSuffix, int cutAfter) : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false })
{
    private int _cuts;

    public int CutAfter { get; } = cutAfter;

    public int Cuts => _cuts;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Get && request.Headers.Range is null && request.RequestUri!.AbsolutePath.EndsWith(pathSuffix, StringComparison.Ordinal)
            && Interlocked.Increment(ref _cuts) == 1)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var headers = response.Content.Headers.ToList();
            response.Content = new StreamContent(new BrokenStream(body.AsMemory(0, CutAfter).ToArray()));
            foreach (var header in headers)
            {
                response.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return response;
    }

    private sealed class BrokenStream(byte[] prefix) : MemoryStream(prefix)
    {
        public override int Read(byte[] buffer, int offset, int count) =>
            Position < Length ? base.Read(buffer, offset, count) : throw new IOException("Connection reset by peer (simulated)");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position < Length ? base.ReadAsync(buffer, cancellationToken) : throw new IOException("Connection reset by peer (simulated)");

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
