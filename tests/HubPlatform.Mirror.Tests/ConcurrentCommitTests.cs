using System.Net;
using System.Text.Json;

namespace HubPlatform.Mirror.Tests;

/// <summary>Writers racing on one branch, and on different repositories: no commit is lost and none fails for the lock.</summary>
public sealed class ConcurrentCommitTests(MirrorServer server) : IClassFixture<MirrorServer>
{
    private const int Writers = 8;

    [Fact]
    public async Task Writers_with_the_same_parent_commit_on_one_branch_end_with_one_commit_and_the_others_412()
    {
        var ct = TestContext.Current.CancellationToken;
        (await server.CreateRepoAsync("race-parent")).EnsureSuccessStatusCode();
        var parent = await HeadAsync("acme/race-parent", ct);

        var answers = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            server.CommitAsync("acme/race-parent", MirrorServer.Header($"writer {i}", parent) + "\n" + MirrorServer.FileLine("who.txt", [(byte)('0' + i)]))));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(Writers - 1, answers.Count(a => a.StatusCode == HttpStatusCode.PreconditionFailed));
        using var winner = JsonDocument.Parse(await answers.Single(a => a.IsSuccessStatusCode).Content.ReadAsStringAsync(ct));
        Assert.Equal(winner.RootElement.GetProperty("commitOid").GetString(), await HeadAsync("acme/race-parent", ct));
        Assert.Equal(2, (await HistoryAsync("acme/race-parent", ct)).Count);
    }

    [Fact]
    public async Task Writers_without_a_parent_commit_on_one_branch_all_land_one_after_another()
    {
        var ct = TestContext.Current.CancellationToken;
        (await server.CreateRepoAsync("race-append")).EnsureSuccessStatusCode();

        var answers = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            server.CommitAsync("acme/race-append", MirrorServer.Header($"writer {i}") + "\n" + MirrorServer.FileLine($"w{i}.txt", [(byte)('0' + i)]))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var history = await HistoryAsync("acme/race-append", ct);
        Assert.Equal(Writers + 1, history.Count);
        Assert.Equal(Enumerable.Range(0, Writers).Select(i => $"writer {i}").Order(), history.Take(Writers).Order());
        using var http = server.Http(null);
        for (var i = 0; i < Writers; i++)
        {
            Assert.Equal(((char)('0' + i)).ToString(), await http.GetStringAsync($"/acme/race-append/resolve/main/w{i}.txt", ct));
        }
    }

    [Fact]
    public async Task Writers_to_different_repositories_all_land()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < Writers; i++)
        {
            (await server.CreateRepoAsync($"race-many-{i}")).EnsureSuccessStatusCode();
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, Writers).SelectMany(i => Enumerable.Range(0, 3).Select(j =>
            server.CommitAsync($"acme/race-many-{i}", MirrorServer.Header($"c{j}") + "\n" + MirrorServer.FileLine($"f{j}.txt", [(byte)j])))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        for (var i = 0; i < Writers; i++)
        {
            Assert.Equal(4, (await HistoryAsync($"acme/race-many-{i}", ct)).Count);
        }
    }

    private async Task<string> HeadAsync(string repo, CancellationToken ct)
    {
        using var http = server.Http(null);
        using var info = JsonDocument.Parse(await http.GetStringAsync($"/api/models/{repo}", ct));
        return info.RootElement.GetProperty("sha").GetString()!;
    }

    private async Task<List<string>> HistoryAsync(string repo, CancellationToken ct)
    {
        using var http = server.Http(null);
        var pages = await MirrorServer.PagesAsync(http, $"/api/models/{repo}/commits/main", ct);
        return pages.SelectMany(p => p.EnumerateArray()).Select(c => c.GetProperty("title").GetString()!).ToList();
    }
}
