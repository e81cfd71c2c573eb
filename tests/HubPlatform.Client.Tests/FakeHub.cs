using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HubPlatform.Hub;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace HubPlatform.Client.Tests;

/// <summary>
/// A WireMock server that answers like the Hub, following docs/hub-protocol.md to the header: repo info, recursive tree,
/// and /resolve for HEAD and GET (ETag, X-Repo-Commit, X-Linked-*, Accept-Ranges, Content-Disposition, single ranges, 404 EntryNotFound).
/// LFS files can be redirected to a second "CDN" server, as the Hub does.
/// </summary>
internal sealed class FakeHub : IDisposable
{
    public const string Token = "hf_test_token_123";

    private readonly List<FakeRepo> _repos = [];

    public FakeHub(FakeHub? cdn = null)
    {
        // The CDN must be another origin: the hub listens on "localhost", the CDN is reached as "127.0.0.1".
        Server = WireMockServer.Start();
        Cdn = cdn;
    }

    public WireMockServer Server { get; }

    /// <summary>When set, LFS files are answered with a 302 to this server.</summary>
    public FakeHub? Cdn { get; }

    public Uri Url => new($"http://localhost:{Server.Port}");

    public Uri IpUrl => new($"http://127.0.0.1:{Server.Port}");

    public IReadOnlyList<WireMock.Logging.ILogEntry> Log => Server.LogEntries.ToList();

    public HubClient CreateClient(string cacheDir, Action<HubClientOptions>? configure = null, HttpMessageHandler? primary = null)
    {
        var options = new HubClientOptions
        {
            Endpoint = Url,
            Token = Token,
            CacheDirectory = cacheDir,
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
            RequestTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return HubClient.Create(options, primary);
    }

    public FakeRepo AddRepo(string id, RepoType type = RepoType.Model, string? commit = null, params FakeFile[] files)
    {
        var repo = new FakeRepo(RepoId.Parse(id), type, commit ?? RandomCommit(id), files);
        _repos.Add(repo);
        var prefix = type.UrlPrefix();
        var api = type.ApiSegment();

        foreach (var revision in new[] { "main", repo.Commit })
        {
            Server.Given(Request.Create().WithPath($"/api/{api}/{id}/revision/{revision}").UsingGet())
                .RespondWith(Json(200, InfoJson(repo)));
        }

        Server.Given(Request.Create().WithPath($"/api/{api}/{id}").UsingGet()).RespondWith(Json(200, InfoJson(repo)));
        Server.Given(Request.Create().WithPath($"/api/{api}/{id}/tree/{repo.Commit}").WithParam("recursive", "true").UsingGet())
            .RespondWith(Json(200, TreeJson(repo)));

        Server.Given(Request.Create().WithPath(new WildcardMatcher($"/{prefix}{id}/resolve/*")).UsingMethod("GET", "HEAD"))
            .RespondWith(Response.Create().WithCallback(request => Resolve(repo, request)));
        return repo;
    }

    /// <summary>Stubs an error answer exactly as the Hub sends it (status, X-Error-Code, X-Error-Message, JSON body).</summary>
    public void AddError(string path, int status, string? errorCode, string message, string method = "GET", string? repoCommit = null)
    {
        var response = Response.Create().WithStatusCode(status)
            .WithHeader("Content-Type", "application/json; charset=utf-8")
            .WithHeader("X-Request-Id", "req-" + status)
            .WithHeader("X-Error-Message", message)
            .WithBody(JsonSerializer.Serialize(new { error = message }));
        if (errorCode is not null)
        {
            response = response.WithHeader("X-Error-Code", errorCode);
        }

        if (repoCommit is not null)
        {
            response = response.WithHeader("X-Repo-Commit", repoCommit);
        }

        Server.Given(Request.Create().WithPath(path).UsingMethod(method)).AtPriority(-1).RespondWith(response);
    }

    public static IResponseBuilder Json(int status, string body) => Response.Create()
        .WithStatusCode(status)
        .WithHeader("Content-Type", "application/json; charset=utf-8")
        .WithHeader("X-Request-Id", Guid.NewGuid().ToString("N"))
        .WithBody(body);

    public static string RandomCommit(string seed) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(Encoding.UTF8.GetBytes(seed)));

    public void Dispose() => Server.Stop();

    private static string InfoJson(FakeRepo repo) => new JsonObject
    {
        ["_id"] = "66a1b2c3d4e5f60718293a4b",
        ["id"] = repo.Id.ToString(),
        ["author"] = repo.Id.Namespace,
        ["sha"] = repo.Commit,
        ["lastModified"] = "2025-05-30T08:00:00.000Z",
        ["createdAt"] = "2025-01-10T09:00:00.000Z",
        ["private"] = false,
        ["gated"] = false,
        ["disabled"] = false,
        ["downloads"] = 120,
        ["likes"] = 3,
        ["tags"] = new JsonArray("transformers", "license:mit"),
        ["pipeline_tag"] = "fill-mask",
        ["siblings"] = new JsonArray(repo.Files.Select(f => (JsonNode)new JsonObject { ["rfilename"] = f.Path }).ToArray()),
        ["usedStorage"] = repo.Files.Sum(f => (long)f.Content.Length),
        ["someFutureField"] = new JsonObject { ["kept"] = true },
    }.ToJsonString();

    private static string TreeJson(FakeRepo repo)
    {
        var entries = new JsonArray();
        var folders = repo.Files.SelectMany(f => Folders(f.Path)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            entries.Add(new JsonObject { ["type"] = "directory", ["oid"] = RandomCommit(folder), ["size"] = 0, ["path"] = folder });
        }

        foreach (var f in repo.Files)
        {
            var entry = new JsonObject { ["type"] = "file", ["oid"] = f.Oid, ["size"] = f.Content.Length, ["path"] = f.Path };
            if (f.Lfs)
            {
                entry["lfs"] = new JsonObject { ["oid"] = f.Sha256, ["size"] = f.Content.Length, ["pointerSize"] = f.Pointer.PointerSize };
            }

            entries.Add(entry);
        }

        return entries.ToJsonString();
    }

    private static IEnumerable<string> Folders(string path)
    {
        var parts = path.Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            yield return string.Join('/', parts[..i]);
        }
    }

    private ResponseMessage Resolve(FakeRepo repo, IRequestMessage request)
    {
        // /{prefix}{id}/resolve/{rev}/{path...}; the revision is one (escaped) segment.
        var raw = request.AbsolutePath;
        var marker = $"{repo.Id}/resolve/";
        var rest = raw[(raw.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var revision = Uri.UnescapeDataString(rest[..slash]);
        var path = string.Join('/', rest[(slash + 1)..].Split('/').Select(Uri.UnescapeDataString));
        var response = new ResponseMessage { Headers = new Dictionary<string, WireMockList<string>>() };
        response.AddHeader("X-Request-Id", Guid.NewGuid().ToString("N"));

        if (revision != "main" && revision != repo.Commit)
        {
            return Error(response, 404, "RevisionNotFound", $"Invalid rev id: {revision}");
        }

        response.AddHeader("X-Repo-Commit", repo.Commit);
        var file = repo.Files.FirstOrDefault(f => f.Path == path);
        if (file is null)
        {
            return Error(response, 404, "EntryNotFound", $"{path} does not exist on \"{revision}\"");
        }

        if (file.Lfs && Cdn is not null)
        {
            response.StatusCode = 302;
            response.AddHeader("Location", $"{Cdn.IpUrl}blobs/{file.Sha256}?sig=abc");
            response.AddHeader("X-Linked-Etag", $"\"{file.Sha256}\"");
            response.AddHeader("X-Linked-Size", file.Content.Length.ToString(CultureInfo.InvariantCulture));
            response.AddHeader("Content-Type", "text/plain; charset=utf-8");
            return response;
        }

        if (file.Lfs)
        {
            response.AddHeader("X-Linked-Etag", $"\"{file.Sha256}\"");
            response.AddHeader("X-Linked-Size", file.Content.Length.ToString(CultureInfo.InvariantCulture));
        }

        return Serve(response, request, file.Content, file.ETag, file.Path);
    }

    /// <summary>Serves bytes with ETag, Accept-Ranges, Content-Disposition and single-range support.</summary>
    public static ResponseMessage Serve(ResponseMessage response, IRequestMessage request, byte[] content, string etag, string fileName)
    {
        response.AddHeader("ETag", $"\"{etag}\"");
        response.AddHeader("Accept-Ranges", "bytes");
        response.AddHeader("Content-Type", "application/octet-stream");
        var name = Path.GetFileName(fileName);
        response.AddHeader("Content-Disposition", $"inline; filename*=UTF-8''{Uri.EscapeDataString(name)}; filename=\"{name}\";");
        var body = content;
        response.StatusCode = 200;
        if (request.Headers?.TryGetValue("Range", out var ranges) == true && ranges.FirstOrDefault() is { } range && range.StartsWith("bytes=", StringComparison.Ordinal))
        {
            var spec = range["bytes=".Length..].Split('-');
            var start = long.Parse(spec[0], CultureInfo.InvariantCulture);
            var end = spec[1].Length == 0 ? content.Length - 1 : Math.Min(long.Parse(spec[1], CultureInfo.InvariantCulture), content.Length - 1);
            if (start >= content.Length)
            {
                response.StatusCode = 416;
                response.AddHeader("Content-Range", $"bytes */{content.Length}");
                return response;
            }

            response.StatusCode = 206;
            response.AddHeader("Content-Range", $"bytes {start}-{end}/{content.Length}");
            body = content[(int)start..(int)(end + 1)];
        }

        if (request.Method == "HEAD")
        {
            response.AddHeader("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture));
            return response;
        }

        response.BodyData = new BodyData { DetectedBodyType = BodyType.Bytes, BodyAsBytes = body };
        return response;
    }

    private static ResponseMessage Error(ResponseMessage response, int status, string code, string message)
    {
        response.StatusCode = status;
        response.AddHeader("X-Error-Code", code);
        response.AddHeader("X-Error-Message", message);
        response.AddHeader("Content-Type", "application/json; charset=utf-8");
        response.BodyData = new BodyData { DetectedBodyType = BodyType.String, BodyAsString = JsonSerializer.Serialize(new { error = message }), Encoding = Encoding.UTF8 };
        return response;
    }
}

internal sealed record FakeRepo(RepoId Id, RepoType Type, string Commit, IReadOnlyList<FakeFile> Files);
