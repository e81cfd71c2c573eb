using System.Net;
using System.Text;
using System.Text.Json;
using HubPlatform.Hub;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Mirror.Tests;

/// <summary>Bad input gets the Hub's status and an {"error"} body, never a 500, and the store is unchanged.</summary>
public sealed class BadInputTests(MirrorServer server) : IClassFixture<MirrorServer>
{
    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\\\b.txt")]
    [InlineData(".git/config")]
    [InlineData("a\\u0000b")]
    [InlineData("dir//file")]
    public async Task Commit_paths_that_could_escape_are_refused_with_422(string jsonPath)
    {
        var repo = await NewRepoAsync();
        var head = await HeadAsync(repo);

        var response = await server.CommitAsync(repo, MirrorServer.Header("Bad") + "\n" + $$$"""{"key":"file","value":{"path":"{{{jsonPath}}}","content":"aGk=","encoding":"base64"}}""");

        await AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "invalid path");
        Assert.Equal(head, await HeadAsync(repo));
    }

    [Theory]
    [InlineData("""{"key":"file","value":{"path":"a.txt","content":"!!notbase64","encoding":"base64"}}""", "not valid base64")]
    [InlineData("""{"key":"mystery","value":{"path":"a.txt"}}""", "unknown key")]
    [InlineData("""{"key":"lfsFile","value":{"path":"w.bin","algo":"sha256","oid":"0000000000000000000000000000000000000000000000000000000000000000","size":10}}""", "never uploaded")]
    [InlineData("""{"key":"deletedFile","value":{"path":"not-there.txt"}}""", "does not exist")]
    [InlineData("not json at all", "is not JSON")]
    [InlineData("[1]", "must be a JSON object")]
    [InlineData("""{"key":"lfsFile","value":{"path":"w.bin","algo":"sha256","oid":"0000000000000000000000000000000000000000000000000000000000000000","size":"big"}}""", "never uploaded")]
    public async Task Malformed_commit_lines_are_refused_and_nothing_is_stored(string line, string message)
    {
        var repo = await NewRepoAsync();
        var head = await HeadAsync(repo);

        var response = await server.CommitAsync(repo, MirrorServer.Header("Bad") + "\n" + line);

        Assert.InRange((int)response.StatusCode, 400, 499);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains(message, doc.RootElement.GetProperty("error").GetString()!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(head, await HeadAsync(repo));
    }

    [Fact]
    public async Task A_commit_without_a_header_first_is_a_400()
    {
        var repo = await NewRepoAsync();

        await AssertErrorAsync(await server.CommitAsync(repo, MirrorServer.FileLine("a.txt", [1])), HttpStatusCode.BadRequest, "header");
        await AssertErrorAsync(await server.CommitAsync(repo, string.Empty), HttpStatusCode.BadRequest, "header");
    }

    [Fact]
    public async Task A_stale_parent_commit_gets_412_and_loses_nothing()
    {
        var repo = await NewRepoAsync();
        var first = await HeadAsync(repo);
        (await server.CommitAsync(repo, MirrorServer.Header("Second", first) + "\n" + MirrorServer.FileLine("a.txt", "one"u8.ToArray()))).EnsureSuccessStatusCode();
        var second = await HeadAsync(repo);

        var stale = await server.CommitAsync(repo, MirrorServer.Header("Stale writer", first) + "\n" + MirrorServer.FileLine("a.txt", "two"u8.ToArray()));

        await AssertErrorAsync(stale, HttpStatusCode.PreconditionFailed, "parent commit");
        Assert.Equal(second, await HeadAsync(repo));
        using var http = server.Http(null);
        Assert.Equal("one", await http.GetStringAsync($"/{repo}/resolve/main/a.txt", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Uploads_whose_bytes_do_not_match_the_batch_request_store_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await NewRepoAsync();
        var content = Encoding.UTF8.GetBytes(new string('x', 5000));
        var sha = Sha256Hash.Compute(content);
        var href = await UploadHrefAsync(repo, sha, content.Length);
        using var anonymous = new HttpClient();

        var wrongBytes = await anonymous.PutAsync(href, new ByteArrayContent(Encoding.UTF8.GetBytes(new string('y', 5000))), ct);
        await AssertErrorAsync(wrongBytes, HttpStatusCode.BadRequest, "sha256");
        var tooShort = await anonymous.PutAsync(href, new ByteArrayContent(content[..10]), ct);
        await AssertErrorAsync(tooShort, HttpStatusCode.BadRequest, "bytes");
        Assert.False(server.Services.GetRequiredService<HubPlatform.Storage.IBlobStore>().Exists(sha));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "blobs", "tmp")));
    }

    [Fact]
    public async Task Unsigned_tampered_and_expired_upload_urls_are_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await NewRepoAsync();
        var content = new byte[100];
        var sha = Sha256Hash.Compute(content);
        var href = await UploadHrefAsync(repo, sha, content.Length);
        using var anonymous = new HttpClient();

        var tampered = href.Replace("size=100", "size=101", StringComparison.Ordinal);
        await AssertErrorAsync(await anonymous.PutAsync(tampered, new ByteArrayContent(new byte[101]), ct), HttpStatusCode.Forbidden, "signed");
        var unsigned = href[..href.IndexOf("&sig=", StringComparison.Ordinal)];
        await AssertErrorAsync(await anonymous.PutAsync(unsigned, new ByteArrayContent(content), ct), HttpStatusCode.Forbidden, "signed");
        var signer = server.Services.GetRequiredService<UrlSigner>();
        var expired = $"{server.Url}lfs/upload?{signer.Sign("upload", new SignedObject(1, 1, sha, content.Length), TimeSpan.FromSeconds(-5))}";
        await AssertErrorAsync(await anonymous.PutAsync(expired, new ByteArrayContent(content), ct), HttpStatusCode.Forbidden, "expired");

        (await anonymous.PutAsync(href, new ByteArrayContent(content), ct)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Writes_need_a_write_token_for_the_namespace()
    {
        var repo = await NewRepoAsync();
        var commit = MirrorServer.Header("x") + "\n" + MirrorServer.FileLine("a.txt", [1]);

        await AssertErrorAsync(await server.CommitAsync(repo, commit, token: string.Empty), HttpStatusCode.Unauthorized, null);
        await AssertErrorAsync(await server.CommitAsync(repo, commit, token: server.ReadToken), HttpStatusCode.Forbidden, "read access only");
        await AssertErrorAsync(await server.CommitAsync(repo, commit, token: server.OutsiderToken), HttpStatusCode.Forbidden, "rights");
        await AssertErrorAsync(await server.CreateRepoAsync("x-" + Guid.NewGuid().ToString("N")[..6], token: server.OutsiderToken), HttpStatusCode.Forbidden, "rights");
    }

    [Fact]
    public async Task Private_repos_answer_like_missing_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "secret-" + Guid.NewGuid().ToString("N")[..8];
        (await server.CreateRepoAsync(name, isPrivate: true)).EnsureSuccessStatusCode();

        using var anonymous = server.Http(null);
        using var outsider = server.Http(server.OutsiderToken);
        using var owner = server.Http(server.WriteToken);
        var anonymousInfo = await anonymous.GetAsync($"/api/models/acme/{name}", ct);
        await AssertErrorAsync(anonymousInfo, HttpStatusCode.Unauthorized, "Repository not found");
        Assert.Equal("RepoNotFound", anonymousInfo.Headers.GetValues("X-Error-Code").Single());
        await AssertErrorAsync(await outsider.GetAsync($"/api/models/acme/{name}", ct), HttpStatusCode.NotFound, "Repository not found");
        await AssertErrorAsync(await outsider.GetAsync($"/api/models/acme/does-not-exist", ct), HttpStatusCode.NotFound, "Repository not found");
        await AssertErrorAsync(await anonymous.GetAsync($"/acme/{name}/resolve/main/.gitattributes", ct), HttpStatusCode.Unauthorized, null);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/models/acme/{name}", ct)).StatusCode);
        Assert.DoesNotContain(name, await anonymous.GetStringAsync("/api/models?search=secret", ct), StringComparison.Ordinal);
        Assert.Contains(name, await owner.GetStringAsync("/api/models?search=secret", ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_refusals_use_the_hubs_codes()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "dup-" + Guid.NewGuid().ToString("N")[..8];
        (await server.CreateRepoAsync(name)).EnsureSuccessStatusCode();
        await AssertErrorAsync(await server.CreateRepoAsync(name), HttpStatusCode.Conflict, "already created");
        await AssertErrorAsync(await server.CreateRepoAsync(name.ToUpperInvariant()), HttpStatusCode.Conflict, "already created");

        using var bad = server.Http("hf_not_a_real_token");
        await AssertErrorAsync(await bad.GetAsync("/api/models", ct), HttpStatusCode.Unauthorized, "Invalid credentials");
        using var anonymous = server.Http(null);
        await AssertErrorAsync(await anonymous.GetAsync("/api/whoami-v2", ct), HttpStatusCode.Unauthorized, "authenticated");
        await AssertErrorAsync(await anonymous.GetAsync("/api/models/acme/bad--name", ct), HttpStatusCode.BadRequest, "not a valid repository id");
        var revision = await anonymous.GetAsync($"/api/models/acme/{name}/revision/nope", ct);
        await AssertErrorAsync(revision, HttpStatusCode.NotFound, "Invalid rev id");
        Assert.Equal("RevisionNotFound", revision.Headers.GetValues("X-Error-Code").Single());
        await AssertErrorAsync(await anonymous.GetAsync($"/api/models/acme/{name}/tree/main/missing-folder", ct), HttpStatusCode.NotFound, "does not exist");
        await AssertErrorAsync(await anonymous.GetAsync("/no/such/route/here", ct), HttpStatusCode.NotFound, "route");
        await AssertErrorAsync(await server.CommitAsync($"acme/{name}", MirrorServer.Header("pr"), revision: "main?create_pr=1"), HttpStatusCode.BadRequest, "Pull requests");
    }

    [Fact]
    public async Task A_commit_line_over_the_limit_gets_413()
    {
        await using var small = new MirrorServer { Configure = o => o.MaxCommitLineBytes = 1024 };
        await small.InitializeAsync();
        (await small.CreateRepoAsync("big")).EnsureSuccessStatusCode();

        var response = await small.CommitAsync("acme/big", MirrorServer.Header("Big") + "\n" + MirrorServer.FileLine("a.bin", new byte[10_000]));

        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "longer than");
    }

    [Theory]
    [InlineData("""{"name":"NAME","organization":"acme","files":[{"path":"../x.txt","content":"aGk=","encoding":"base64"}]}""", HttpStatusCode.UnprocessableEntity, "invalid path")]
    [InlineData("""{"name":"NAME","organization":"acme","files":[{"path":"a.txt","content":"@@","encoding":"base64"}]}""", HttpStatusCode.BadRequest, "not valid base64")]
    [InlineData("""{"name":"NAME","organization":"acme","files":[{"path":"a.txt"}]}""", HttpStatusCode.BadRequest, "'content' of 'a.txt' is required")]
    [InlineData("""{"name":"NAME","organization":"acme","files":{"path":"a.txt"}}""", HttpStatusCode.BadRequest, "'files' must be a list")]
    [InlineData("""{"name":"NAME","organization":"acme","license":"mit\nevil: yes"}""", HttpStatusCode.BadRequest, "not a license the Hub knows")]
    [InlineData("""{"name":"NAME","organization":"acme","files":[{"path":"a.txt","content":"aGk="},{"path":"a.txt","content":"aGk="}]}""", HttpStatusCode.BadRequest, "appears twice")]
    public async Task A_creation_with_bad_initial_files_or_license_is_refused_and_creates_nothing(string body, HttpStatusCode status, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "init-" + Guid.NewGuid().ToString("N")[..8];
        using var http = server.Http(server.WriteToken);

        var response = await http.PostAsync("/api/repos/create", MirrorServer.Json(body.Replace("NAME", name, StringComparison.Ordinal)), ct);

        await AssertErrorAsync(response, status, message);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/models/acme/{name}", ct)).StatusCode);
    }

    [Theory]
    [InlineData("/api/repos/create", """{"name":"NAME","organization":"acme","type":"weird"}""", "not a repository type")]
    [InlineData("/api/repos/create", """{"name":"NAME","organization":"acme","visibility":"secret"}""", "not a visibility")]
    [InlineData("/api/models/REPO/preupload/main", """{"files":[{"path":"a.bin","size":"big"}]}""", null)]
    [InlineData("/REPO.git/info/lfs/objects/batch", """{"operation":"upload","objects":[{"oid":"x","size":"big"}]}""", null)]
    [InlineData("/REPO.git/info/lfs/objects/batch", """{"operation":"upload","objects":[1,2]}""", null)]
    [InlineData("/REPO.git/info/lfs/objects/batch", """[1]""", "must be a JSON object")]
    [InlineData("/api/repos/create", """["a"]""", "must be a JSON object")]
    [InlineData("/api/models/REPO/paths-info/main", "7", "must be a JSON object")]
    public async Task Fields_of_the_wrong_kind_are_client_errors_not_server_errors(string route, string body, string? message)
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await NewRepoAsync();
        using var http = server.Http(server.WriteToken);

        var response = await http.PostAsync(
            route.Replace("REPO", repo, StringComparison.Ordinal),
            MirrorServer.Json(body.Replace("NAME", "kind-" + Guid.NewGuid().ToString("N")[..8], StringComparison.Ordinal)),
            ct);

        if (message is null)
        {
            // Answered per file/object, or refused as a whole: anything but a 500.
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }
        else
        {
            await AssertErrorAsync(response, HttpStatusCode.BadRequest, message);
        }
    }

    [Fact]
    public async Task A_json_body_over_the_limit_gets_413_before_it_is_read()
    {
        await using var small = new MirrorServer { Configure = o => o.MaxJsonBodyBytes = 1024 };
        await small.InitializeAsync();
        using var http = small.Http(small.WriteToken);
        var content = Convert.ToBase64String(new byte[4096]);

        var response = await http.PostAsync("/api/repos/create", MirrorServer.Json($$"""{"name":"big","organization":"acme","files":[{"path":"a.bin","content":"{{content}}"}]}"""), TestContext.Current.CancellationToken);

        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "larger than 1024 bytes");
    }

    [Fact]
    public async Task Paths_info_with_a_body_that_is_not_json_is_a_400()
    {
        var repo = await NewRepoAsync();
        using var http = server.Http(server.WriteToken);

        var response = await http.PostAsync($"/api/models/{repo}/paths-info/main", MirrorServer.Json("{not json"), TestContext.Current.CancellationToken);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "not valid JSON");
    }

    [Fact]
    public async Task Cards_built_to_exhaust_the_stack_or_memory_neither_crash_nor_hang_the_server()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await NewRepoAsync();
        var deep = "---\nx: " + new string('[', 50_000) + new string(']', 50_000) + "\n---\n";
        var bomb = new StringBuilder("---\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
        {
            bomb.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }

        bomb.Append("---\n");
        using var anonymous = server.Http(null);

        foreach (var (card, code) in new[] { (deep, "yaml-too-deep"), (bomb.ToString(), "yaml-too-large") })
        {
            var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["content"] = card, ["repoType"] = "model" });
            var verdict = await anonymous.PostAsync("/api/validate-yaml", MirrorServer.Json(body), ct);
            Assert.Equal(HttpStatusCode.BadRequest, verdict.StatusCode);
            using (var errors = JsonDocument.Parse(await verdict.Content.ReadAsStringAsync(ct)))
            {
                Assert.Contains(code, errors.RootElement.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
            }

            var commit = await server.CommitAsync(repo, MirrorServer.Header("Card") + "\n" + MirrorServer.FileLine("README.md", Encoding.UTF8.GetBytes(card)));
            Assert.Equal(HttpStatusCode.OK, commit.StatusCode);
            using var info = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/models/{repo}", ct));
            Assert.False(info.RootElement.TryGetProperty("cardData", out var data) && data.ValueKind == JsonValueKind.Object, $"no card data from a refused card ({code})");
        }
    }

    private async Task<string> NewRepoAsync()
    {
        var name = "bad-" + Guid.NewGuid().ToString("N")[..8];
        (await server.CreateRepoAsync(name)).EnsureSuccessStatusCode();
        return $"acme/{name}";
    }

    private async Task<string> HeadAsync(string repo)
    {
        using var http = server.Http(server.WriteToken);
        using var doc = JsonDocument.Parse(await http.GetStringAsync($"/api/models/{repo}", TestContext.Current.CancellationToken));
        return doc.RootElement.GetProperty("sha").GetString()!;
    }

    private async Task<string> UploadHrefAsync(string repo, string sha, int size)
    {
        using var http = server.Http(server.WriteToken);
        var batch = await http.PostAsync($"/{repo}.git/info/lfs/objects/batch",
            MirrorServer.Json($$$"""{"operation":"upload","transfers":["basic"],"objects":[{"oid":"{{{sha}}}","size":{{{size}}}}]}"""), TestContext.Current.CancellationToken);
        using var doc = JsonDocument.Parse(await batch.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return doc.RootElement.GetProperty("objects")[0].GetProperty("actions").GetProperty("upload").GetProperty("href").GetString()!;
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? message)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        using var doc = JsonDocument.Parse(body);
        var error = doc.RootElement.GetProperty("error").GetString()!;
        if (message is not null)
        {
            Assert.Contains(message, error, StringComparison.OrdinalIgnoreCase);
        }

        Assert.True(response.Headers.Contains("X-Error-Message"));
    }

    [Theory]
    [InlineData("/api/repos/create", "{\"name\":\"x\\ud800\",\"organization\":\"acme\"}")]
    [InlineData("/api/repos/create", "{\"name\":\"ok\",\"organization\":\"acme\",\"\\udc00\":1}")]
    [InlineData("/api/validate-yaml", "{\"content\":\"---\\nlicense: mit\\n---\\n\\ud800\",\"repoType\":\"model\"}")]
    [InlineData("/api/models/acme/surrogates/commit/main", "{\"key\":\"header\",\"value\":{\"summary\":\"\\udfff\"}}")]
    public async Task Json_bodies_with_a_lone_utf16_surrogate_are_a_400_not_a_500(string route, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        await server.CreateRepoAsync("surrogates");   // 409 after the first case; it exists either way
        using var http = server.Http(server.WriteToken);
        using var response = await http.PostAsync(route, new StringContent(body, Encoding.UTF8, route.EndsWith("/main", StringComparison.Ordinal) ? "application/x-ndjson" : "application/json"), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{route}: {(int)response.StatusCode} {text}");
        Assert.Contains("surrogate", JsonDocument.Parse(text).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
