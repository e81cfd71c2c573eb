using System.Net;
using System.Text;
using System.Text.Json;

namespace HubPlatform.Mirror.Tests;

public sealed class ListingTests(MirrorServer server) : IClassFixture<MirrorServer>
{
    [Fact]
    public async Task Search_matches_inside_ids_tags_and_card_text_and_filters_by_derived_tags()
    {
        var ct = TestContext.Current.CancellationToken;
        var tag = Guid.NewGuid().ToString("N")[..10];
        var name = $"leafy-{tag}";
        (await server.CreateRepoAsync(name)).EnsureSuccessStatusCode();
        (await server.CreateRepoAsync($"other-{tag}")).EnsureSuccessStatusCode();
        var readme = Encoding.UTF8.GetBytes($"---\nlicense: apache-2.0\nlanguage: [da]\npipeline_tag: text-classification\n---\n# Model\nStudies photosynthesis{tag}.\n");
        (await server.CommitAsync($"acme/{name}", MirrorServer.Header("card") + "\n" + MirrorServer.FileLine("README.md", readme))).EnsureSuccessStatusCode();
        using var http = server.Http(null);

        async Task<List<string>> Ids(string query)
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync("/api/models?" + query, ct));
            return doc.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
        }

        Assert.Equal([$"acme/{name}"], await Ids($"search=afy-{tag}"));
        Assert.Equal([$"acme/{name}"], await Ids($"search=PHOTOSYNTHESIS{tag}"));
        Assert.Equal(2, (await Ids($"search={tag}")).Count);
        Assert.Equal([$"acme/{name}"], await Ids($"search={tag}&filter=license:apache-2.0&filter=language:da"));
        Assert.Equal([$"acme/{name}"], await Ids($"search={tag}&pipeline_tag=text-classification"));
        Assert.Empty(await Ids($"search={tag}&filter=license:mit"));
        Assert.Empty(await Ids(Uri.EscapeDataString("search=\" OR * NEAR(") .Replace("%3D", "=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Listings_page_with_an_absolute_link_until_the_last_page()
    {
        var ct = TestContext.Current.CancellationToken;
        var tag = "page" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 5; i++)
        {
            (await server.CreateRepoAsync($"{tag}-{i}")).EnsureSuccessStatusCode();
        }

        using var http = server.Http(null);
        var seen = new List<string>();
        var url = $"/api/models?search={tag}&limit=2&sort=createdAt&direction=1";
        var pages = 0;
        while (url is not null)
        {
            var response = await http.GetAsync(url, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            seen.AddRange(doc.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
            Assert.All(doc.RootElement.EnumerateArray(), e => Assert.True(e.TryGetProperty("_id", out _)));
            pages++;
            url = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
            Assert.True(url is null || url.StartsWith(server.Url.ToString().TrimEnd('/'), StringComparison.Ordinal));
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"acme/{tag}-{i}"), seen);
    }

    [Fact]
    public async Task Expand_returns_only_the_asked_properties_besides_the_ids()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "expand-" + Guid.NewGuid().ToString("N")[..8];
        (await server.CreateRepoAsync(name)).EnsureSuccessStatusCode();
        var readme = Encoding.UTF8.GetBytes("---\nlicense: mit\npipeline_tag: fill-mask\n---\n# Card\n");
        (await server.CommitAsync($"acme/{name}", MirrorServer.Header("card") + "\n" + MirrorServer.FileLine("README.md", readme))).EnsureSuccessStatusCode();
        using var http = server.Http(null);

        static List<string> Keys(JsonElement e) => e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();

        using var js = JsonDocument.Parse(await http.GetStringAsync($"/api/models?search={name}&expand=pipeline_tag&expand=private&expand=gated&expand=downloads&expand=likes&expand=lastModified&expand=noSuchKey", ct));
        using var comma = JsonDocument.Parse(await http.GetStringAsync($"/api/models?search={name}&expand[]=siblings,usedStorage,sha,cardData", ct));
        using var info = JsonDocument.Parse(await http.GetStringAsync($"/api/models/acme/{name}?expand=downloads", ct));
        using var plain = JsonDocument.Parse(await http.GetStringAsync($"/api/models?search={name}", ct));

        Assert.Equal(["_id", "downloads", "gated", "id", "lastModified", "likes", "pipeline_tag", "private"], Keys(js.RootElement[0]));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", js.RootElement[0].GetProperty("lastModified").GetString()); // the form Python parses
        Assert.Equal(JsonValueKind.False, js.RootElement[0].GetProperty("gated").ValueKind);
        Assert.Equal(["_id", "cardData", "id", "sha", "siblings", "usedStorage"], Keys(comma.RootElement[0]));
        Assert.Equal(2, comma.RootElement[0].GetProperty("siblings").GetArrayLength());
        Assert.Equal("mit", comma.RootElement[0].GetProperty("cardData").GetProperty("license").GetString());
        Assert.Equal(["_id", "downloads", "id"], Keys(info.RootElement));
        Assert.Contains("tags", Keys(plain.RootElement[0]));
        Assert.DoesNotContain("siblings", Keys(plain.RootElement[0]));
    }
}
