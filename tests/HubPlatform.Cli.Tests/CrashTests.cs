using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using HubPlatform.Hub;

namespace HubPlatform.Cli.Tests;

/// <summary>
/// `hub serve` killed with SIGKILL in the middle of a large LFS upload and in the middle of a commit: after a restart
/// `hub fsck` finds no damage, the interrupted work is absent, and every earlier commit is whole.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "hubplatform-crash", Guid.NewGuid().ToString("N"));
    private readonly string _hub = Path.Combine(AppContext.BaseDirectory, "hub.dll");

    [Fact]
    public async Task Killing_the_server_mid_upload_and_mid_commit_loses_nothing_that_was_committed()
    {
        var ct = TestContext.Current.CancellationToken;
        var token = (await RunHubAsync(ct, "token", "create", "crash", "--role", "write", "--user", "alice", "--org", "acme", "--data", _data)).Trim().Split('\n')[^1];
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var server = await StartAsync(port, ct);
        (await http.PostAsync("/api/repos/create", Json("""{"name":"crash","organization":"acme","type":"model"}"""), ct)).EnsureSuccessStatusCode();
        var kept = Encoding.UTF8.GetBytes("committed before the crash");
        (await http.PostAsync("/api/models/acme/crash/commit/main", Ndjson(Header("keep"), File("kept.txt", kept)), ct)).EnsureSuccessStatusCode();
        var head = await HeadAsync(http, ct);

        // 1. Kill while 200 MB stream into an LFS upload URL.
        const long size = 200L * 1000 * 1000;
        var oid = new string('a', 64);
        var batch = await http.PostAsync("/acme/crash.git/info/lfs/objects/batch", Json($$$"""{"operation":"upload","transfers":["basic"],"objects":[{"oid":"{{{oid}}}","size":{{{size}}}}]}"""), ct);
        using (var doc = JsonDocument.Parse(await batch.Content.ReadAsStringAsync(ct)))
        {
            var href = doc.RootElement.GetProperty("objects")[0].GetProperty("actions").GetProperty("upload").GetProperty("href").GetString()!;
            using var uploader = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var sent = new SlowStream(size, out var progress);
            var upload = uploader.PutAsync(href, new StreamContent(sent), ct);
            await progress.WaitAsync(ct);
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(ct);
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => upload);
        }

        // 2. Restart, then kill while a commit's body is still arriving.
        server = await StartAsync(port, ct);
        var stall = new TaskCompletionSource();
        var body = new StalledContent(Header("never lands") + "\n" + File("partial.txt", [1, 2, 3]) + "\n", stall.Task);
        var commit = http.PostAsync("/api/models/acme/crash/commit/main", body, ct);
        await body.Started.WaitAsync(ct);
        await Task.Delay(300, ct);
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync(ct);
        stall.TrySetResult();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => commit);

        // 3. After the restart: nothing damaged, nothing half-made, the earlier commit whole.
        var fsck = await RunHubAsync(ct, "fsck", "--data", _data);
        Assert.Contains("0 corrupt, 0 missing", fsck, StringComparison.Ordinal);
        server = await StartAsync(port, ct);
        try
        {
            Assert.Equal(head, await HeadAsync(http, ct));
            Assert.Equal(kept, await http.GetByteArrayAsync("/acme/crash/resolve/main/kept.txt", ct));
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/acme/crash/resolve/main/partial.txt", ct)).StatusCode);
            Assert.False(System.IO.File.Exists(Path.Combine(_data, "blobs", oid[..2], oid[2..4], oid)));
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(ct);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static StringContent Ndjson(params string[] lines) => new(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson");

    private static string Header(string summary) => $$$"""{"key":"header","value":{"summary":"{{{summary}}}"}}""";

    private static string File(string path, byte[] content) =>
        $$$"""{"key":"file","value":{"path":"{{{path}}}","content":"{{{Convert.ToBase64String(content)}}}","encoding":"base64"}}""";

    private static async Task<string> HeadAsync(HttpClient http, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/api/models/acme/crash", ct));
        return doc.RootElement.GetProperty("sha").GetString()!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<Process> StartAsync(int port, CancellationToken ct)
    {
        var process = Process.Start(new ProcessStartInfo("dotnet", [_hub, "serve", "--data", _data, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 150; i++)
        {
            try
            {
                if ((await probe.GetAsync($"http://127.0.0.1:{port}/api/models", ct)).IsSuccessStatusCode)
                {
                    return process;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Not answering yet.
            }

            Assert.False(process.HasExited, "hub serve exited during start-up");
            await Task.Delay(200, ct);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("hub serve did not start within 30 s.");
    }

    private async Task<string> RunHubAsync(CancellationToken ct, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", [_hub, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync(ct);
        var error = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return process.ExitCode is 0 or 1 ? output : throw new InvalidOperationException($"hub {string.Join(' ', args)} failed: {error}");
    }

    /// <summary>Zeros, a megabyte at a time, signalling once 20 MB are out; far slower than the network so the kill lands mid-body.</summary>
    private sealed class SlowStream(long length, out Task started) : Stream
    {
        private readonly TaskCompletionSource _started = CreateSignal(out started);
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= length)
            {
                return 0;
            }

            if (_position > 20_000_000)
            {
                _started.TrySetResult();
                await Task.Delay(50, cancellationToken);
            }

            var n = (int)Math.Min(Math.Min(buffer.Length, 1 << 20), length - _position);
            buffer.Span[..n].Clear();
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private static TaskCompletionSource CreateSignal(out Task task)
        {
            var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            task = source.Task;
            return source;
        }
    }

    /// <summary>Sends some lines, then holds the request open until released.</summary>
    private sealed class StalledContent(string prefix, Task release) : HttpContent
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(prefix));
            await stream.FlushAsync();
            _started.TrySetResult();
            await release;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
