using System.Net;
using HubPlatform.Hub;
using HubPlatform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Mirror.Tests;

/// <summary>The web pages: listings and repository pages under the access rules, cards rendered inert, errors as pages.</summary>
public sealed class PageTests : IAsyncLifetime
{
    private MirrorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await MirrorServer.StartAsync(o => o.RunWorker = false);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task CommitCardAsync(string repo, string card, string prefix = "models") =>
        (await _server.CommitAsync(repo, string.Join('\n', MirrorServer.Header("card"), MirrorServer.FileLine("README.md", System.Text.Encoding.UTF8.GetBytes(card))), prefix: prefix)).EnsureSuccessStatusCode();

    [Fact]
    public async Task The_model_list_shows_what_the_caller_may_read_and_filters_by_search_and_task()
    {
        var ct = TestContext.Current.CancellationToken;
        (await _server.CreateRepoAsync("page-bert")).EnsureSuccessStatusCode();
        (await _server.CreateRepoAsync("page-resnet")).EnsureSuccessStatusCode();
        (await _server.CreateRepoAsync("page-secret", isPrivate: true)).EnsureSuccessStatusCode();
        await CommitCardAsync("acme/page-bert", "---\nlicense: mit\npipeline_tag: fill-mask\n---\n# bert\n");
        await CommitCardAsync("acme/page-resnet", "---\nlicense: apache-2.0\npipeline_tag: image-classification\n---\n# resnet\n");
        using var anonymous = new HttpClient { BaseAddress = _server.Url };

        var all = await anonymous.GetAsync("/models", ct);
        var html = await all.Content.ReadAsStringAsync(ct);
        var filtered = await anonymous.GetStringAsync("/models?pipeline_tag=fill-mask", ct);
        var searched = await anonymous.GetStringAsync("/models?search=resnet&sort=likes", ct);
        var licensed = await anonymous.GetStringAsync("/models?license=apache-2.0", ct);

        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal("text/html", all.Content.Headers.ContentType!.MediaType);
        Assert.Contains("script-src", all.Headers.GetValues("Content-Security-Policy").Single() + " script-src", StringComparison.Ordinal);
        Assert.Contains("href=\"/acme/page-bert\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/acme/page-resnet\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("page-secret", html, StringComparison.Ordinal);
        Assert.Contains("page-bert", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain("page-resnet", filtered, StringComparison.Ordinal);
        Assert.Contains("page-resnet", searched, StringComparison.Ordinal);
        Assert.DoesNotContain("page-bert", searched, StringComparison.Ordinal);
        Assert.Contains("page-resnet", licensed, StringComparison.Ordinal);
        Assert.DoesNotContain("page-bert", licensed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_card_with_scripts_handlers_javascript_links_and_svg_renders_inert_with_links_into_the_repository()
    {
        var ct = TestContext.Current.CancellationToken;
        (await _server.CreateRepoAsync("page-xss")).EnsureSuccessStatusCode();
        await CommitCardAsync("acme/page-xss", """
            ---
            license: mit
            base_model: acme/page-missing
            ---
            # Hostile card

            <script>alert(1)</script>
            <img src="x.png" onerror="alert(2)">

            [click](javascript:alert(3)) and [file](./config.json) and [out](https://example.org/x)

            <svg><script>alert(4)</script><circle onload="alert(5)"/></svg>
            <a href="JaVaScRiPt:alert(6)">caps</a> <iframe src="https://example.org"></iframe>

            | metric | value |
            |---|---|
            | accuracy | 0.9 |
            """);
        using var anonymous = new HttpClient { BaseAddress = _server.Url };

        var html = await anonymous.GetStringAsync("/acme/page-xss", ct);

        Assert.Contains("<h1 id=\"hostile-card\">Hostile card</h1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onload", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("(href|src)\\s*=\\s*\"?\\s*javascript:", html.ToLowerInvariant());
        Assert.Contains(">click</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("src=\"/acme/page-xss/resolve/main/x.png\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/acme/page-xss/blob/main/config.json\"", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", html, StringComparison.Ordinal);
        Assert.Contains("<td>0.9</td>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>acme/page-missing</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>mit</dd>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hidden_repository_and_a_missing_one_are_the_same_404_page_and_a_reader_sees_the_private_one()
    {
        var ct = TestContext.Current.CancellationToken;
        (await _server.CreateRepoAsync("page-hidden", isPrivate: true)).EnsureSuccessStatusCode();
        (await _server.CreateRepoAsync("page-data", type: "dataset")).EnsureSuccessStatusCode();
        await CommitCardAsync("acme/page-data", "---\nlicense: cc-by-4.0\ntask_categories: [text-classification]\n---\n# data\n", prefix: "datasets");
        using var anonymous = new HttpClient { BaseAddress = _server.Url };
        using var reader = _server.Http(_server.ReadToken);

        var hidden = await anonymous.GetAsync("/acme/page-hidden", ct);
        var missing = await anonymous.GetAsync("/acme/page-nothing", ct);
        var mine = await reader.GetAsync("/acme/page-hidden", ct);
        var dataset = await anonymous.GetStringAsync("/datasets/acme/page-data", ct);
        var datasetAsModel = await anonymous.GetAsync("/acme/page-data", ct);

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(await hidden.Content.ReadAsStringAsync(ct), (await missing.Content.ReadAsStringAsync(ct)).Replace("page-nothing", "page-hidden", StringComparison.Ordinal));
        Assert.Contains("<h1>Not found</h1>", await missing.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Contains("private", await mine.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Contains("<dd>text-classification</dd>", dataset, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, datasetAsModel.StatusCode);
    }

    [Fact]
    public async Task The_style_sheet_is_served_by_the_mirror_itself()
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = new HttpClient { BaseAddress = _server.Url };

        var css = await anonymous.GetAsync("/assets/site.css", ct);
        var page = await anonymous.GetStringAsync("/datasets", ct);

        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        Assert.Contains(".badge", await css.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/assets/site.css\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", page.Replace("http://www.w3.org", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_that_fails_inside_the_server_is_an_error_page_without_the_exception()
    {
        var ct = TestContext.Current.CancellationToken;

        // A damaged data folder: the root tree node of the head commit is gone (and the tree cache keeps no node).
        await using var server = new MirrorServer { Configure = o => o.RunWorker = false, Arguments = ["--Storage:TreeCacheEntries=1"] };
        await server.InitializeAsync();
        (await server.CreateRepoAsync("page-damaged")).EnsureSuccessStatusCode();
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var repos = scope.ServiceProvider.GetRequiredService<RepositoryService>();
            var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
            var repo = (await repos.FindAsync(RepoType.Model, RepoId.Parse("acme/page-damaged"), ct))!;
            var root = await repos.RootAsync(repo, (await repos.ResolveAsync(repo, "main", ct))!, ct);
            await db.Trees.Where(t => t.Id == root).ExecuteDeleteAsync(ct);
        }

        using var anonymous = new HttpClient { BaseAddress = server.Url };
        var page = await anonymous.GetAsync("/acme/page-damaged", ct);
        var html = await page.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<h1>Something went wrong</h1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidDataException", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Tree node", html, StringComparison.Ordinal);
    }
}
