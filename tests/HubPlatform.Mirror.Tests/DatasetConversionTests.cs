using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HubPlatform.Datasets;
using HubPlatform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Mirror.Tests;

/// <summary>
/// CSV and JSON datasets: converted to Parquet on <c>refs/convert/parquet</c> by the indexing job, served from there by the
/// viewer, visible and downloadable as a ref like any other, converted again only where the files changed.
/// </summary>
public sealed class DatasetConversionTests : IAsyncLifetime
{
    private static readonly byte[] TrainCsv = Encoding.UTF8.GetBytes("id,text,score\n1,good,0.5\n2,\"bad, really\",\n3,fine,2\n");
    private static readonly byte[] TestJsonl = Encoding.UTF8.GetBytes("{\"id\": 7, \"tags\": [\"a\"], \"when\": \"2024-05-06\"}\n{\"id\": 8, \"tags\": [\"b\", \"c\"], \"when\": \"2024-05-07 10:11:12\"}\n");

    // One builder per configuration, as in the datasets library: the CSV and the JSON Lines files are two configurations.
    private static readonly byte[] Card = Encoding.UTF8.GetBytes("""
        ---
        configs:
        - config_name: csv
          data_files:
          - split: train
            path: data/train.csv
        - config_name: json
          data_files:
          - split: test
            path: data/test.jsonl
        ---
        # Reviews
        """);

    private MirrorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await MirrorServer.StartAsync(o => o.RunWorker = false);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Csv_and_json_lines_splits_are_served_from_parquet_files_on_the_convert_ref()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await DatasetRepos.CreateAsync(_server, ct, false, ("README.md", Card), ("data/train.csv", TrainCsv), ("data/test.jsonl", TestJsonl));
        await DatasetRepos.RunJobsAsync(_server, ct);
        using var http = _server.Http(_server.ReadToken);

        var splits = await OkAsync(http, $"/datasets-server/splits?dataset={repo}", ct);
        Assert.Equal(["csv/train", "json/test"], splits["splits"]!.AsArray().Select(s => s!["config"]!.GetValue<string>() + "/" + s["split"]!.GetValue<string>()));
        Assert.Empty(splits["failed"]!.AsArray());
        var train = await OkAsync(http, $"/datasets-server/rows?dataset={repo}&config=csv&split=train&offset=0&length=10", ct);
        Assert.Equal(
            ["""{"id":1,"text":"good","score":0.5}""", """{"id":2,"text":"bad, really","score":null}""", """{"id":3,"text":"fine","score":2}"""],
            train["rows"]!.AsArray().Select(r => r!["row"]!.ToJsonString()));
        var test = await OkAsync(http, $"/datasets-server/first-rows?dataset={repo}&config=json&split=test", ct);
        Assert.Equal(
            """[{"feature_idx":0,"name":"id","type":{"dtype":"int64","_type":"Value"}},{"feature_idx":1,"name":"tags","type":{"feature":{"dtype":"string","_type":"Value"},"_type":"List"}},{"feature_idx":2,"name":"when","type":{"dtype":"timestamp[s]","_type":"Value"}}]""",
            test["features"]!.ToJsonString());
        Assert.Equal("""{"id":8,"tags":["b","c"],"when":"2024-05-07T10:11:12"}""", test["rows"]![1]!["row"]!.ToJsonString());

        // The ref is listed, holds the Hub's layout as LFS files, and its files download like any other.
        var refs = await OkAsync(http, $"/api/datasets/{repo}/refs", ct);
        var convert = Assert.Single(refs["converts"]!.AsArray());
        Assert.Equal("refs/convert/parquet", convert!["ref"]!.GetValue<string>());
        var head = convert["targetCommit"]!.GetValue<string>();
        var tree = await OkAsync(http, $"/api/datasets/{repo}/tree/refs%2Fconvert%2Fparquet?recursive=true", ct);
        var files = tree.AsArray().Where(e => e!["type"]!.GetValue<string>() == "file").ToDictionary(e => e!["path"]!.GetValue<string>(), e => e!);
        Assert.Equal(["csv/train/0000.parquet", "json/test/0000.parquet"], files.Keys.Where(p => p.EndsWith(".parquet", StringComparison.Ordinal)).Order());
        Assert.NotNull(files["csv/train/0000.parquet"]["lfs"]);
        var parquet = await OkAsync(http, $"/datasets-server/parquet?dataset={repo}", ct);
        var trainUrl = parquet["parquet_files"]!.AsArray().Single(f => f!["split"]!.GetValue<string>() == "train")!["url"]!.GetValue<string>();
        Assert.EndsWith($"/datasets/{repo}/resolve/{head}/csv/train/0000.parquet", trainUrl, StringComparison.Ordinal);
        var bytes = await http.GetByteArrayAsync(trainUrl, ct);
        Assert.Equal(files["csv/train/0000.parquet"]["lfs"]!["oid"]!.GetValue<string>(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal("PAR1", Encoding.ASCII.GetString(bytes, 0, 4));
        var viaResolve = await http.GetByteArrayAsync($"/datasets/{repo}/resolve/refs%2Fconvert%2Fparquet/csv/train/0000.parquet", ct);
        Assert.Equal(bytes, viaResolve);
        var commits = await OkAsync(http, $"/api/datasets/{repo}/commits/refs%2Fconvert%2Fparquet", ct);
        Assert.Equal("Update parquet files", Assert.Single(commits.AsArray())!["title"]!.GetValue<string>());
        var hubListing = await OkAsync(http, $"/api/datasets/{repo}/parquet/json/test", ct);
        var redirect = await _server.Http(_server.ReadToken).GetAsync(hubListing[0]!.GetValue<string>(), ct);
        Assert.Equal(HttpStatusCode.OK, redirect.StatusCode);
        Assert.EndsWith($"/resolve/{head}/json/test/0000.parquet", redirect.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_commit_converts_only_the_splits_whose_files_changed()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await DatasetRepos.CreateAsync(_server, ct, false, ("README.md", Card), ("data/train.csv", TrainCsv), ("data/test.jsonl", TestJsonl));
        await DatasetRepos.RunJobsAsync(_server, ct);
        using var http = _server.Http(_server.ReadToken);
        var first = await ConvertTreeAsync(http, repo, ct);

        // A commit that leaves the data alone: no conversion, no new commit on the ref.
        await DatasetRepos.CommitAsync(_server, repo, ct, ("notes.txt", "hello"u8.ToArray()));
        await DatasetRepos.RunJobsAsync(_server, ct);
        var same = await ConvertTreeAsync(http, repo, ct);
        Assert.Equal(first.Head, same.Head);
        Assert.Equal(first.Files, same.Files);
        Assert.Equal(2, await ConversionsAsync(repo, ct));

        // One split's file changes: that split gets a new Parquet file, the other keeps its own, in a second commit.
        await DatasetRepos.CommitAsync(_server, repo, ct, ("data/train.csv", Encoding.UTF8.GetBytes("id,text,score\n9,new,1\n")));
        await DatasetRepos.RunJobsAsync(_server, ct);
        var second = await ConvertTreeAsync(http, repo, ct);
        Assert.NotEqual(first.Head, second.Head);
        Assert.Equal(first.Files["json/test/0000.parquet"], second.Files["json/test/0000.parquet"]);
        Assert.NotEqual(first.Files["csv/train/0000.parquet"], second.Files["csv/train/0000.parquet"]);
        Assert.Equal(3, await ConversionsAsync(repo, ct));
        var commits = await OkAsync(http, $"/api/datasets/{repo}/commits/refs%2Fconvert%2Fparquet", ct);
        Assert.Equal(2, commits.AsArray().Count);
        var rows = await OkAsync(http, $"/datasets-server/rows?dataset={repo}&config=csv&split=train&offset=0&length=10", ct);
        Assert.Equal("""{"id":9,"text":"new","score":1}""", Assert.Single(rows["rows"]!.AsArray())!["row"]!.ToJsonString());

        // The split goes away: so does its folder on the ref.
        (await _server.CommitAsync(repo, MirrorServer.Header("drop") + "\n" + """{"key":"deletedFile","value":{"path":"data/test.jsonl"}}""", prefix: "datasets")).EnsureSuccessStatusCode();
        await DatasetRepos.RunJobsAsync(_server, ct);
        Assert.Equal(["csv/train/0000.parquet"], (await ConvertTreeAsync(http, repo, ct)).Files.Keys.Where(p => p.EndsWith(".parquet", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_file_that_cannot_be_converted_fails_its_split_only_and_says_where()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await DatasetRepos.CreateAsync(_server, ct, false, ("data/train.jsonl", TestJsonl), ("data/test.jsonl", "{\"a\": 1}\n{\"a\": \"x\"}\n"u8.ToArray()));
        await DatasetRepos.RunJobsAsync(_server, ct);
        using var http = _server.Http(_server.ReadToken);

        var parquet = await OkAsync(http, $"/datasets-server/parquet?dataset={repo}", ct);
        Assert.Equal(["train"], parquet["parquet_files"]!.AsArray().Select(s => s!["split"]!.GetValue<string>()));
        var failed = Assert.Single(parquet["failed"]!.AsArray());
        Assert.Contains("data/test.jsonl, line 2: column 'a' was int64 and here is string", failed!["error"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var rows = await http.GetAsync($"/datasets-server/rows?dataset={repo}&config=default&split=test", ct);
        Assert.Equal(HttpStatusCode.InternalServerError, rows.StatusCode);
        Assert.Contains("line 2: column 'a' was int64", JsonNode.Parse(await rows.Content.ReadAsStringAsync(ct))!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), StringComparison.Ordinal);
        Assert.Equal(2, (await OkAsync(http, $"/datasets-server/rows?dataset={repo}&config=default&split=train", ct))["num_rows_total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Clients_cannot_commit_to_the_convert_ref()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await DatasetRepos.CreateAsync(_server, ct, false, ("data/train.csv", TrainCsv));
        await DatasetRepos.RunJobsAsync(_server, ct);

        var response = await _server.CommitAsync(repo, MirrorServer.Header("sneak") + "\n" + MirrorServer.FileLine("default/train/0000.parquet", "nope"u8.ToArray()), revision: "refs%2Fconvert%2Fparquet", prefix: "datasets");

        Assert.False(response.IsSuccessStatusCode);
        using var http = _server.Http(_server.ReadToken);
        Assert.Equal("PAR1", Encoding.ASCII.GetString(await http.GetByteArrayAsync($"/datasets/{repo}/resolve/refs%2Fconvert%2Fparquet/default/train/0000.parquet", ct), 0, 4));
    }

    private async Task<int> ConversionsAsync(string repo, CancellationToken ct)
    {
        using var scope = _server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var name = repo.Split('/')[1];
        return await db.DatasetConversions.CountAsync(c => db.Repositories.Any(r => r.Id == c.RepositoryId && r.Name == name), ct);
    }

    private static async Task<(string Head, Dictionary<string, string> Files)> ConvertTreeAsync(HttpClient http, string repo, CancellationToken ct)
    {
        var refs = await OkAsync(http, $"/api/datasets/{repo}/refs", ct);
        var head = refs["converts"]![0]!["targetCommit"]!.GetValue<string>();
        var tree = await OkAsync(http, $"/api/datasets/{repo}/tree/{head}?recursive=true", ct);
        return (head, tree.AsArray().Where(e => e!["type"]!.GetValue<string>() == "file").ToDictionary(e => e!["path"]!.GetValue<string>(), e => e!["oid"]!.GetValue<string>()));
    }

    private static async Task<JsonNode> OkAsync(HttpClient http, string url, CancellationToken ct)
    {
        var response = await http.GetAsync(url, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }
}
