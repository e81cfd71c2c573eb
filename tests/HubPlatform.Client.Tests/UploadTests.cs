using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HubPlatform.Client.Commits;
using HubPlatform.Hub;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace HubPlatform.Client.Tests;

/// <summary>The upload protocol against stubs that answer as hub-protocol.md §7 says: preupload, LFS batch, parts, commit.</summary>
public sealed class UploadTests : IDisposable
{
    private const string Head = "3c1f0e9d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d";
    private const string NewCommit = "8e2d0e9d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d";
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly TempDir _temp = new();
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(2500);

    public UploadTests()
    {
        _server.Given(Request.Create().WithPath("/api/models/acme/up/preupload/main").UsingPost()).AtPriority(10)
            .RespondWith(Json($$"""{"files":[{"path":"big.bin","uploadMode":"lfs","shouldIgnore":false}],"commitOid":"{{Head}}"}"""));
        _server.Given(Request.Create().WithPath("/api/models/acme/up/commit/main").UsingPost())
            .RespondWith(Json($$"""{"success":true,"commitOid":"{{NewCommit}}","commitUrl":"{{Url}}/acme/up/commit/{{NewCommit}}","hookOutput":""}"""));
    }

    private string Url => $"http://localhost:{_server.Port}";

    private string Sha => Convert.ToHexStringLower(SHA256.HashData(_content));

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
        _temp.Dispose();
    }

    // Answers 400 the first time, then 200 (with an ETag when one is given).
    private static IResponseBuilder FirstRefused(string? etag)
    {
        var calls = 0;
        return Response.Create().WithCallback(_ => Interlocked.Increment(ref calls) == 1
            ? new WireMock.ResponseMessage { StatusCode = 400, BodyData = new WireMock.Util.BodyData { BodyAsString = """{"error":"refused"}""", DetectedBodyType = WireMock.Types.BodyType.String } }
            : new WireMock.ResponseMessage { StatusCode = 200, Headers = etag is null ? [] : new Dictionary<string, WireMock.Types.WireMockList<string>> { ["ETag"] = new(etag) } });
    }

    private static IResponseBuilder Json(string body) =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(body);

    private HubClient Client() => HubClient.Create(new HubClientOptions
    {
        Endpoint = new Uri(Url),
        Token = "hf_test",
        CacheDirectory = _temp.Path,
        UploadStateDirectory = System.IO.Path.Combine(_temp.Path, "uploads"),
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
    });

    [Fact]
    public async Task A_multipart_part_that_fails_once_is_retried_alone_and_the_completion_lists_every_etag()
    {
        var ct = TestContext.Current.CancellationToken;
        _server.Given(Request.Create().WithPath("/acme/up.git/info/lfs/objects/batch").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/vnd.git-lfs+json").WithBody("""
                {"transfer":"multipart","objects":[{"oid":"SHA","size":2500,"authenticated":true,"actions":{"upload":{"href":"URL/complete/SHA?sig=s",
                "header":{"chunk_size":"1000","00001":"URL/part/1?sig=a","00002":"URL/part/2?sig=b","00003":"URL/part/3?sig=c"}}}}]}
                """.Replace("SHA", Sha, StringComparison.Ordinal).Replace("URL", Url, StringComparison.Ordinal)));
        _server.Given(Request.Create().WithPath("/part/1").UsingPut()).RespondWith(Response.Create().WithStatusCode(200).WithHeader("ETag", "\"e1\""));
        _server.Given(Request.Create().WithPath("/part/3").UsingPut()).RespondWith(Response.Create().WithStatusCode(200).WithHeader("ETag", "\"e3\""));
        _server.Given(Request.Create().WithPath("/part/2").UsingPut()).InScenario("flaky").WillSetStateTo("failed once")
            .RespondWith(Response.Create().WithStatusCode(503).WithBody("try again"));
        _server.Given(Request.Create().WithPath("/part/2").UsingPut()).InScenario("flaky").WhenStateIs("failed once")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("ETag", "\"e2\""));
        _server.Given(Request.Create().WithPath($"/complete/{Sha}").UsingPost()).RespondWith(Json("{}"));
        using var client = Client();

        var uploading = new List<UploadProgress>();
        var progress = new Recorder(p =>
        {
            if (p.Stage == UploadStage.Uploading)
            {
                uploading.Add(p);
            }
        });

        var result = await client.Commits.CreateCommitAsync(RepoId.Parse("acme/up"), [CommitOperationAdd.FromBytes("big.bin", _content)], "Add big", progress: progress, cancellationToken: ct);

        Assert.Equal(NewCommit, result.CommitId);
        // The failed attempt's bytes are taken back before the part goes again: counted twice, the sum would reach 3500; at
        // most the three parts' 3000 can show for a moment while the failure is on its way.
        Assert.Contains(uploading, p => p.Bytes == 2500);
        Assert.DoesNotContain(uploading, p => p.Bytes > 3000);
        Assert.All(uploading, p => Assert.Equal(2500, p.TotalBytes));
        Assert.Equal((1, 2500L), (result.LfsObjectsUploaded, result.LfsBytesUploaded));
        var log = _server.LogEntries.ToList();
        List<byte[]> Bodies(string path) => log.Where(e => e.RequestMessage!.Path == path).Select(e => e.RequestMessage!.BodyAsBytes ?? []).ToList();
        Assert.Single(Bodies("/part/1"));
        Assert.Equal(2, Bodies("/part/2").Count);
        Assert.Single(Bodies("/part/3"));
        Assert.Equal(_content[..1000], Bodies("/part/1")[0]);
        Assert.All(Bodies("/part/2"), b => Assert.Equal(_content[1000..2000], b));
        Assert.Equal(_content[2000..], Bodies("/part/3")[0]);
        Assert.DoesNotContain(log.Where(e => e.RequestMessage!.Path.StartsWith("/part/", StringComparison.Ordinal)), e => e.RequestMessage!.Headers!.ContainsKey("Authorization") && !e.RequestMessage!.Url.StartsWith(Url, StringComparison.Ordinal));

        using var completion = JsonDocument.Parse(Bodies($"/complete/{Sha}").Single());
        Assert.Equal(Sha, completion.RootElement.GetProperty("oid").GetString());
        Assert.Equal(["\"e1\"", "\"e2\"", "\"e3\""], completion.RootElement.GetProperty("parts").EnumerateArray().Select(p => p.GetProperty("etag").GetString()));
        var commit = Encoding.UTF8.GetString(Bodies("/api/models/acme/up/commit/main").Single()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, commit.Length);
        Assert.Equal("Add big", JsonDocument.Parse(commit[0]).RootElement.GetProperty("value").GetProperty("summary").GetString());
        Assert.Equal($$$"""{"key":"lfsFile","value":{"path":"big.bin","algo":"sha256","oid":"{{{Sha}}}","size":2500}}""", commit[1]);
    }

    [Fact]
    public async Task A_run_again_sends_only_missing_parts_and_sends_all_when_the_server_has_forgotten_them()
    {
        var ct = TestContext.Current.CancellationToken;
        _server.Given(Request.Create().WithPath("/acme/up.git/info/lfs/objects/batch").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/vnd.git-lfs+json").WithBody("""
                {"transfer":"multipart","objects":[{"oid":"SHA","size":2500,"actions":{"upload":{"href":"URL/complete/SHA",
                "header":{"chunk_size":"1000","00001":"URL/part/1","00002":"URL/part/2","00003":"URL/part/3"}}}}]}
                """.Replace("SHA", Sha, StringComparison.Ordinal).Replace("URL", Url, StringComparison.Ordinal)));
        _server.Given(Request.Create().WithPath("/part/1").UsingPut()).RespondWith(Response.Create().WithStatusCode(200).WithHeader("ETag", "\"e1\""));
        _server.Given(Request.Create().WithPath("/part/2").UsingPut()).RespondWith(Response.Create().WithStatusCode(200).WithHeader("ETag", "\"e2\""));
        _server.Given(Request.Create().WithPath("/part/3").UsingPut()).RespondWith(FirstRefused("\"e3\""));
        _server.Given(Request.Create().WithPath($"/complete/{Sha}").UsingPost()).RespondWith(FirstRefused(null));
        var op = CommitOperationAdd.FromBytes("big.bin", _content);
        int Puts(int part) => _server.LogEntries.Count(e => e.RequestMessage!.Path == $"/part/{part}");

        using (var first = Client())
        {
            await Assert.ThrowsAnyAsync<Errors.HubHttpException>(() => first.Commits.CreateCommitAsync(RepoId.Parse("acme/up"), [op], "Add big", cancellationToken: ct));
        }

        Assert.Equal((1, 1, 1), (Puts(1), Puts(2), Puts(3)));
        using (var second = Client())
        {
            await second.Commits.CreateCommitAsync(RepoId.Parse("acme/up"), [op], "Add big", cancellationToken: ct);
        }

        // The second run sent part 3 alone; the server had forgotten parts 1 and 2, so after its refusal all three went again.
        Assert.Equal((2, 2, 3), (Puts(1), Puts(2), Puts(3)));
        Assert.Equal(2, _server.LogEntries.Count(e => e.RequestMessage!.Path == $"/complete/{Sha}"));
        Assert.Empty(Directory.GetFiles(System.IO.Path.Combine(_temp.Path, "uploads")));
    }

    [Fact]
    public async Task An_object_the_server_already_has_is_not_sent_again()
    {
        var ct = TestContext.Current.CancellationToken;
        _server.Given(Request.Create().WithPath("/acme/up.git/info/lfs/objects/batch").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/vnd.git-lfs+json")
                .WithBody($$$"""{"transfer":"basic","objects":[{"oid":"{{{Sha}}}","size":2500}]}"""));
        using var client = Client();

        var result = await client.Commits.CreateCommitAsync(RepoId.Parse("acme/up"), [CommitOperationAdd.FromBytes("big.bin", _content)], "Again", cancellationToken: ct);

        Assert.Equal((0, 0L), (result.LfsObjectsUploaded, result.LfsBytesUploaded));
        Assert.DoesNotContain(_server.LogEntries, e => e.RequestMessage!.Method == "PUT");
        Assert.Single(_server.LogEntries, e => e.RequestMessage!.Path == "/api/models/acme/up/commit/main");
    }

    [Theory]
    [InlineData(300_000)]
    [InlineData(11_000_000)] // hashed for LFS while preupload is asked, then answered "regular" after all
    public async Task A_regular_file_is_sent_inline_as_base64_in_the_ndjson_commit(int size)
    {
        var ct = TestContext.Current.CancellationToken;
        _server.Given(Request.Create().WithPath("/api/models/acme/up/preupload/main").UsingPost()).AtPriority(1)
            .RespondWith(Json($$"""{"files":[{"path":"dir/notes.txt","uploadMode":"regular","shouldIgnore":false}],"commitOid":"{{Head}}"}"""));
        var text = new byte[size];
        Array.Fill(text, (byte)'a');
        using var client = Client();

        await client.Commits.CreateCommitAsync(RepoId.Parse("acme/up"), [CommitOperationAdd.FromBytes("dir/notes.txt", text), new CommitOperationDelete("old.txt")], "Notes", "Why", parentCommit: Head, cancellationToken: ct);

        var lines = Encoding.UTF8.GetString(_server.LogEntries.Single(e => e.RequestMessage!.Path.EndsWith("/commit/main", StringComparison.Ordinal)).RequestMessage!.BodyAsBytes!).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var header = JsonDocument.Parse(lines[0]);
        Assert.Equal(Head, header.RootElement.GetProperty("value").GetProperty("parentCommit").GetString());
        Assert.Equal("Why", header.RootElement.GetProperty("value").GetProperty("description").GetString());
        using var file = JsonDocument.Parse(lines[1]);
        Assert.Equal("file", file.RootElement.GetProperty("key").GetString());
        Assert.Equal(text, Convert.FromBase64String(file.RootElement.GetProperty("value").GetProperty("content").GetString()!));
        Assert.Equal("""{"key":"deletedFile","value":{"path":"old.txt"}}""", lines[2]);
        Assert.DoesNotContain(_server.LogEntries, e => e.RequestMessage!.Path.EndsWith("/objects/batch", StringComparison.Ordinal));
    }

    private sealed class Recorder(Action<UploadProgress> report) : IProgress<UploadProgress>
    {
        private readonly Lock _gate = new();

        public void Report(UploadProgress value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}
