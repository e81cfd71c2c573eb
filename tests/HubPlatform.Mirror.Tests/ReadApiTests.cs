using System.Net;
using System.Text;
using System.Text.Json;
using HubPlatform.Hub;

namespace HubPlatform.Mirror.Tests;

public sealed class ReadApiTests : IAsyncLifetime
{
    private readonly MirrorServer _server = new() { Configure = o => o.TreePageSize = 2 };
    private readonly string _repo = "acme/read-" + Guid.NewGuid().ToString("N")[..8];

    public async ValueTask InitializeAsync()
    {
        await _server.InitializeAsync();
        (await _server.CreateRepoAsync(_repo[5..])).EnsureSuccessStatusCode();
        (await _server.CommitAsync(_repo, string.Join('\n', MirrorServer.Header("one"), MirrorServer.FileLine("a.txt", [1]), MirrorServer.FileLine("dir/b.txt", [2]), MirrorServer.FileLine("dir/sub/c.txt", [3])))).EnsureSuccessStatusCode();
        (await _server.CommitAsync(_repo, MirrorServer.Header("two") + "\n" + MirrorServer.FileLine("a.txt", [9]))).EnsureSuccessStatusCode();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Paths_info_takes_python_forms_and_js_json_and_leaves_out_missing_paths()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = _server.Http(null);
        var form = new FormUrlEncodedContent([new("paths", "a.txt"), new("paths", "dir"), new("paths", "nope.txt"), new("expand", "true")]);

        using var fromForm = JsonDocument.Parse(await (await http.PostAsync($"/api/models/{_repo}/paths-info/main", form, ct)).Content.ReadAsStringAsync(ct));
        using var fromJson = JsonDocument.Parse(await (await http.PostAsync($"/api/models/{_repo}/paths-info/main", MirrorServer.Json("""{"paths":["dir/sub/c.txt"],"expand":false}"""), ct)).Content.ReadAsStringAsync(ct));

        Assert.Equal(["a.txt", "dir"], fromForm.RootElement.EnumerateArray().Select(e => e.GetProperty("path").GetString()));
        Assert.Equal("directory", fromForm.RootElement[1].GetProperty("type").GetString());
        Assert.Equal("two", fromForm.RootElement[0].GetProperty("lastCommit").GetProperty("title").GetString());
        Assert.Equal(GitBlobId.Compute([3]), fromJson.RootElement[0].GetProperty("oid").GetString());
    }

    [Fact]
    public async Task Tree_lists_children_or_descendants_and_pages_with_link()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = _server.Http(null);

        var pages = await MirrorServer.PagesAsync(http, $"/api/models/{_repo}/tree/main?recursive=true", ct);
        var paths = pages.SelectMany(p => p.EnumerateArray()).Select(e => e.GetProperty("path").GetString()!).ToList();

        // Depth first, folders before files at each level; pages of two cut through folders and resume inside them.
        Assert.Equal(["dir", "dir/sub", "dir/sub/c.txt", "dir/b.txt", ".gitattributes", "a.txt"], paths);
        Assert.Equal(3, pages.Count);

        using var folder = JsonDocument.Parse(await http.GetStringAsync($"/api/models/{_repo}/tree/main/dir", ct));
        Assert.Equal(["dir/sub", "dir/b.txt"], folder.RootElement.EnumerateArray().Select(e => e.GetProperty("path").GetString()));
        using var escaped = JsonDocument.Parse(await http.GetStringAsync($"/api/models/{_repo}/tree/main/dir%2Fsub", ct));
        Assert.Equal("dir/sub/c.txt", escaped.RootElement[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task Cursors_the_server_did_not_make_are_refused_with_400()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = _server.Http(null);
        var outside = Convert.ToBase64String(Encoding.UTF8.GetBytes("f:../../etc/passwd")).TrimEnd('=');

        foreach (var url in new[]
        {
            $"/api/models/{_repo}/tree/main?cursor=%25%25not-base64",
            $"/api/models/{_repo}/tree/main?recursive=true&cursor={outside}",
            $"/api/models/{_repo}/tree/main?cursor={Convert.ToBase64String(Encoding.UTF8.GetBytes("x:a.txt"))}",
            "/api/models?cursor=%25%25not-base64",
            $"/api/models?cursor={Convert.ToBase64String(Encoding.UTF8.GetBytes("-1"))}",
        })
        {
            var response = await http.GetAsync(url, ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("not one this server made", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Commits_are_newest_first_with_a_total_count_and_paging()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = _server.Http(null);

        var first = await http.GetAsync($"/api/models/{_repo}/commits/main?limit=1", ct);
        Assert.Equal("3", first.Headers.GetValues("X-Total-Count").Single());
        using var page = JsonDocument.Parse(await first.Content.ReadAsStringAsync(ct));
        Assert.Equal("two", page.RootElement[0].GetProperty("title").GetString());
        var next = first.Headers.GetValues("Link").Single().Split('<', '>')[1];
        using var second = JsonDocument.Parse(await http.GetStringAsync(next, ct));
        Assert.Equal("one", second.RootElement[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task Raw_answers_the_git_blob_and_validate_yaml_accepts_a_good_card()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = _server.Http(null);

        Assert.Equal([9], await http.GetByteArrayAsync($"/{_repo}/raw/main/a.txt", ct));
        var yaml = await http.PostAsync("/api/validate-yaml", MirrorServer.Json("""{"content":"---\nlicense: mit\n---\n# Card\n","repoType":"model"}"""), ct);
        Assert.Equal(HttpStatusCode.OK, yaml.StatusCode);
        using var doc = JsonDocument.Parse(await yaml.Content.ReadAsStringAsync(ct));
        Assert.Equal(0, doc.RootElement.GetProperty("errors").GetArrayLength());
        var refused = await http.PostAsync("/api/validate-yaml", MirrorServer.Json("""{"content":"---\nlicense: made-up\n---\n","repoType":"model"}"""), ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using (var errors = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(ct)))
        {
            Assert.Contains("license-unknown", errors.RootElement.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Array, errors.RootElement.GetProperty("warnings").ValueKind);
        }

        var old = await http.GetStringAsync($"/{_repo}/resolve/{(await CommitsAsync(http, ct))[1]}/a.txt", ct);
        Assert.Equal(Encoding.Latin1.GetString([1]), old);
    }

    private async Task<List<string>> CommitsAsync(HttpClient http, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync($"/api/models/{_repo}/commits/main", ct));
        return doc.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
    }
}
