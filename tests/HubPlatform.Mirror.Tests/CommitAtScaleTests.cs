using System.Net;
using System.Text;
using System.Text.Json;
using HubPlatform.Hub;
using HubPlatform.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HubPlatform.Mirror.Tests;

/// <summary>
/// Large commits are bounded and leave nothing behind when they fail; reads go on while one is written. (Their speed is
/// measured by bench/big-commit.sh, not here.)
/// </summary>
public sealed class CommitAtScaleTests
{
    [Fact]
    public async Task Reads_of_another_repo_keep_answering_while_a_large_commit_is_written()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MirrorServer.StartAsync();
        (await server.CreateRepoAsync("big")).EnsureSuccessStatusCode();
        (await server.CreateRepoAsync("other")).EnsureSuccessStatusCode();
        (await server.CommitAsync("acme/other", MirrorServer.Header("a") + "\n" + MirrorServer.FileLine("a.txt", "hello"u8.ToArray()))).EnsureSuccessStatusCode();
        var lines = new StringBuilder(MirrorServer.Header("many"));
        for (var i = 0; i < 5000; i++)
        {
            lines.Append('\n').Append(MirrorServer.FileLine($"d{i / 500}/f{i:D5}.txt", Encoding.UTF8.GetBytes($"file {i}")));
        }

        var commit = server.CommitAsync("acme/big", lines.ToString());
        using var reader = server.Http(null);
        var statuses = new List<HttpStatusCode>();
        while (!commit.IsCompleted)
        {
            statuses.Add((await reader.GetAsync("/acme/other/resolve/main/a.txt", ct)).StatusCode);
            statuses.Add((await reader.GetAsync("/api/models/acme/other", ct)).StatusCode);
        }

        (await commit).EnsureSuccessStatusCode();
        Assert.NotEmpty(statuses);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        using var info = JsonDocument.Parse(await reader.GetStringAsync("/api/models/acme/big", ct));
        Assert.Equal(5001, info.RootElement.GetProperty("siblings").GetArrayLength());
    }

    [Fact]
    public async Task A_commit_over_the_operation_cap_is_a_400_that_names_the_cap()
    {
        await using var server = await MirrorServer.StartAsync(o => o.MaxCommitOperations = 3);
        (await server.CreateRepoAsync("capped")).EnsureSuccessStatusCode();
        var four = string.Join('\n', Enumerable.Range(0, 4).Select(i => MirrorServer.FileLine($"f{i}.txt", [(byte)i])).Prepend(MirrorServer.Header("four")));
        var three = string.Join('\n', Enumerable.Range(0, 3).Select(i => MirrorServer.FileLine($"f{i}.txt", [(byte)i])).Prepend(MirrorServer.Header("three")));

        var refused = await server.CommitAsync("acme/capped", four);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("at most 3 operations", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        (await server.CommitAsync("acme/capped", three)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_rejected_commit_stores_none_of_its_inline_files()
    {
        await using var server = await MirrorServer.StartAsync();
        (await server.CreateRepoAsync("rejected")).EnsureSuccessStatusCode();
        var contents = Enumerable.Range(0, 10).Select(i => Encoding.UTF8.GetBytes($"never stored {i} {Guid.NewGuid()}")).ToList();
        var body = string.Join('\n', contents.Select((c, i) => MirrorServer.FileLine($"f{i}.txt", c)).Prepend(MirrorServer.Header("bad")))
                   + "\n" + """{"key":"deletedFile","value":{"path":"not-there.txt"}}""";

        var response = await server.CommitAsync("acme/rejected", body);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertNothingStored(server, contents);
    }

    [Fact]
    public async Task An_aborted_commit_stores_none_of_its_inline_files()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MirrorServer.StartAsync();
        (await server.CreateRepoAsync("aborted")).EnsureSuccessStatusCode();
        var contents = Enumerable.Range(0, 10).Select(i => Encoding.UTF8.GetBytes($"abandoned {i} {Guid.NewGuid()}")).ToList();
        var text = string.Join('\n', contents.Select((c, i) => MirrorServer.FileLine($"f{i}.txt", c)).Prepend(MirrorServer.Header("cut"))) + "\n";
        using var http = server.Http(server.WriteToken);
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var content = new CutContent(text);
        var sending = http.PostAsync("/api/models/acme/aborted/commit/main", content, cut.Token);
        await content.Sent.Task.WaitAsync(ct);
        await Task.Delay(300, ct);
        await cut.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);

        // The server notices the abort on its own time.
        for (var i = 0; i < 100 && TemporaryFiles(server).Any(); i++)
        {
            await Task.Delay(50, ct);
        }

        AssertNothingStored(server, contents);
    }

    [Fact]
    public async Task Creating_a_repo_that_exists_answers_409_with_its_url_and_name_and_keeps_no_files()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MirrorServer.StartAsync();
        (await server.CreateRepoAsync("exists")).EnsureSuccessStatusCode();
        var content = Encoding.UTF8.GetBytes("sent with the creation " + Guid.NewGuid());
        using var http = server.Http(server.WriteToken);

        var response = await http.PostAsync("/api/repos/create", MirrorServer.Json(
            $$"""{"name":"exists","organization":"acme","type":"model","files":[{"path":"a.txt","content":"{{Convert.ToBase64String(content)}}","encoding":"base64"}]}"""), ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal($"{server.Url.ToString().TrimEnd('/')}/acme/exists", doc.RootElement.GetProperty("url").GetString());
        Assert.Equal("acme/exists", doc.RootElement.GetProperty("name").GetString());
        Assert.Contains("already created", doc.RootElement.GetProperty("error").GetString()!, StringComparison.Ordinal);
        AssertNothingStored(server, [content]);
    }

    private static IEnumerable<string> TemporaryFiles(MirrorServer server) =>
        Directory.EnumerateFiles(Path.Combine(server.Services.GetRequiredService<IOptions<StorageOptions>>().Value.BlobDirectory, "tmp"));

    private static void AssertNothingStored(MirrorServer server, IEnumerable<byte[]> contents)
    {
        var blobs = server.Services.GetRequiredService<IBlobStore>();
        Assert.All(contents, c => Assert.False(blobs.Exists(Sha256Hash.Compute(c))));
        Assert.Empty(TemporaryFiles(server));
    }

    // Sends its text, then waits until cancelled: an upload cut off mid-body.
    private sealed class CutContent(string text) : HttpContent
    {
        public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
            await stream.FlushAsync(cancellationToken);
            Sent.SetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
