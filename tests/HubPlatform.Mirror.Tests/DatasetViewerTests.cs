using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HubPlatform.Datasets;
using HubPlatform.Storage;
using Microsoft.Extensions.DependencyInjection;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace HubPlatform.Mirror.Tests;

/// <summary>
/// The dataset viewer API over HTTP on datasets the tests upload: indexing as a job after the commit (and not ready before
/// it), every endpoint's shape, pages across row groups and files, broken files, and access.
/// </summary>
public sealed class DatasetViewerTests : IAsyncLifetime
{
    private MirrorServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        // The worker is driven by the tests, so that "not indexed yet" can be seen.
        _server = await MirrorServer.StartAsync(o => o.RunWorker = false);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_dataset_answers_not_ready_until_its_job_has_run_then_lists_its_splits()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await DatasetAsync(ct, ("data/train-00000-of-00001.parquet", await WriteAsync([4, 3], ct)), ("data/test-00000-of-00001.parquet", await WriteAsync([2], ct)));
        using var http = _server.Http(_server.ReadToken);

        var early = await http.GetAsync($"/datasets-server/splits?dataset={repo}", ct);
        Assert.Equal(HttpStatusCode.InternalServerError, early.StatusCode);
        Assert.Equal("ResponseNotReady", early.Headers.GetValues("X-Error-Code").Single());
        Assert.NotNull(early.Headers.RetryAfter);
        Assert.Contains("retry later", (await JsonAsync(early, ct))["error"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);

        await RunJobsAsync(ct);
        var splits = await OkAsync(http, $"/datasets-server/splits?dataset={repo}", ct);
        Assert.Equal(
            $$"""{"splits":[{"dataset":"{{repo}}","config":"default","split":"train"},{"dataset":"{{repo}}","config":"default","split":"test"}],"pending":[],"failed":[]}""",
            splits.ToJsonString());
        var valid = await OkAsync(http, $"/datasets-server/is-valid?dataset={repo}", ct);
        Assert.True(valid["preview"]!.GetValue<bool>());
        Assert.True(valid["viewer"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Every_page_of_a_split_over_several_files_and_row_groups_matches_a_sequential_read()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await WriteAsync([5, 3, 1], ct, start: 0);
        var second = await WriteAsync([4, 0, 2], ct, start: 9);
        var repo = await DatasetAsync(ct, ("train/part-0.parquet", first), ("train/part-1.parquet", second));
        await RunJobsAsync(ct);
        var sequential = new List<string>();
        foreach (var bytes in new[] { first, second })
        {
            var index = await ParquetFileIndex.ReadAsync(new MemoryStream(bytes), ct);
            sequential.AddRange((await ParquetSerializer.DeserializeUntypedAsync(new MemoryStream(bytes), cancellationToken: ct)).Data
                .Select(r => new JsonObject(index.Features.Select(f => KeyValuePair.Create(f.Key, ParquetRows.Cell(r.GetValueOrDefault(f.Key))))).ToJsonString()));
        }

        Assert.Equal(15, sequential.Count);
        using var http = _server.Http(_server.ReadToken);
        for (var offset = 0; offset <= 16; offset++)
        {
            foreach (var length in new[] { 1, 3, 7, 100 })
            {
                var page = await OkAsync(http, $"/datasets-server/rows?dataset={repo}&config=default&split=train&offset={offset}&length={length}", ct);

                var expected = sequential.Skip(offset).Take(length).ToList();
                var rows = page["rows"]!.AsArray();
                Assert.Equal(expected, rows.Select(r => r!["row"]!.ToJsonString()));
                Assert.Equal(Enumerable.Range(offset, expected.Count).Select(i => (long)i), rows.Select(r => r!["row_idx"]!.GetValue<long>()));
                Assert.Equal(15, page["num_rows_total"]!.GetValue<long>());
                Assert.Equal(length, page["num_rows_per_page"]!.GetValue<int>());
                Assert.False(page["partial"]!.GetValue<bool>());
            }
        }

        var features = (await OkAsync(http, $"/datasets-server/rows?dataset={repo}&config=default&split=train&length=1", ct))["features"]!.ToJsonString();
        Assert.Equal("""[{"feature_idx":0,"name":"id","type":{"dtype":"int64","_type":"Value"}},{"feature_idx":1,"name":"text","type":{"dtype":"string","_type":"Value"}},{"feature_idx":2,"name":"label","type":{"dtype":"int32","_type":"Value"}}]""", features);
    }

    [Fact]
    public async Task Info_size_and_parquet_describe_each_config_with_class_labels_from_the_card()
    {
        var ct = TestContext.Current.CancellationToken;
        var card = """
            ---
            license: mit
            configs:
            - config_name: reviews
              data_files:
              - split: train
                path: reviews/train-*.parquet
              - split: test
                path: reviews/test.parquet
            dataset_info:
              config_name: reviews
              features:
              - name: text
                dtype: string
              - name: label
                dtype:
                  class_label:
                    names:
                      '0': negative
                      '1': positive
            ---
            # Reviews
            """;
        var train = await WriteAsync([3, 3], ct);
        var test = await WriteAsync([2], ct);
        var repo = await DatasetAsync(ct, ("README.md", Encoding.UTF8.GetBytes(card)), ("reviews/train-0.parquet", train), ("reviews/test.parquet", test));
        await RunJobsAsync(ct);
        using var http = _server.Http(_server.ReadToken);

        var info = await OkAsync(http, $"/datasets-server/info?dataset={repo}&config=reviews", ct);
        Assert.Equal("""{"names":["negative","positive"],"_type":"ClassLabel"}""", info["dataset_info"]!["features"]!["label"]!.ToJsonString());
        Assert.Equal("parquet", info["dataset_info"]!["builder_name"]!.GetValue<string>());
        Assert.Equal("mit", info["dataset_info"]!["license"]!.GetValue<string>());
        Assert.Equal(6, info["dataset_info"]!["splits"]!["train"]!["num_examples"]!.GetValue<long>());
        Assert.Equal(train.Length + test.Length, info["dataset_info"]!["download_size"]!.GetValue<long>());
        Assert.False(info["partial"]!.GetValue<bool>());
        var all = await OkAsync(http, $"/datasets-server/info?dataset={repo}", ct);
        Assert.Equal(["reviews"], all["dataset_info"]!.AsObject().Select(kv => kv.Key));

        var size = await OkAsync(http, $"/datasets-server/size?dataset={repo}", ct);
        Assert.Equal(8, size["size"]!["dataset"]!["num_rows"]!.GetValue<long>());
        Assert.Equal(train.Length + test.Length, size["size"]!["dataset"]!["num_bytes_parquet_files"]!.GetValue<long>());
        Assert.Equal(3, size["size"]!["configs"]![0]!["num_columns"]!.GetValue<int>());
        Assert.Equal(["train", "test"], size["size"]!["splits"]!.AsArray().Select(s => s!["split"]!.GetValue<string>()));
        var configSize = await OkAsync(http, $"/datasets-server/size?dataset={repo}&config=reviews", ct);
        Assert.Equal(8, configSize["size"]!["config"]!["num_rows"]!.GetValue<long>());

        var parquet = await OkAsync(http, $"/datasets-server/parquet?dataset={repo}", ct);
        var files = parquet["parquet_files"]!.AsArray();
        Assert.Equal(["train-0.parquet", "test.parquet"], files.Select(f => f!["filename"]!.GetValue<string>()));
        var url = files[0]!["url"]!.GetValue<string>();
        Assert.Contains($"/datasets/{repo}/resolve/", url, StringComparison.Ordinal);
        var downloaded = await http.GetByteArrayAsync(url, ct);
        Assert.Equal(train, downloaded);

        var rows = await OkAsync(http, $"/datasets-server/first-rows?dataset={repo}&config=reviews&split=test", ct);
        Assert.Equal("reviews", rows["config"]!.GetValue<string>());
        Assert.Equal(2, rows["rows"]!.AsArray().Count);
        Assert.False(rows["truncated"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_file_that_is_not_parquet_fails_its_split_and_the_others_still_work()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await DatasetAsync(ct, ("data/train-00000-of-00001.parquet", await WriteAsync([2], ct)),
            ("data/test-00000-of-00001.parquet", Encoding.UTF8.GetBytes("PAR1 this is not a parquet file at all PAR1")));
        await RunJobsAsync(ct);
        using var http = _server.Http(_server.ReadToken);

        Assert.Equal(2, (await OkAsync(http, $"/datasets-server/rows?dataset={repo}&config=default&split=train", ct))["rows"]!.AsArray().Count);
        var broken = await http.GetAsync($"/datasets-server/rows?dataset={repo}&config=default&split=test", ct);
        Assert.Equal(HttpStatusCode.InternalServerError, broken.StatusCode);
        Assert.Equal("StreamingRowsError", broken.Headers.GetValues("X-Error-Code").Single());
        var body = await JsonAsync(broken, ct);
        Assert.Contains("data/test-00000-of-00001.parquet", body["cause_message"]!.GetValue<string>(), StringComparison.Ordinal);
        var size = await OkAsync(http, $"/datasets-server/size?dataset={repo}", ct);
        Assert.Equal("test", size["failed"]![0]!["split"]!.GetValue<string>());
        Assert.Equal(2, size["size"]!["dataset"]!["num_rows"]!.GetValue<long>());
    }

    [Fact]
    public async Task Filter_answers_match_a_naive_evaluation_of_the_same_expression_over_all_rows()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await DatasetAsync(ct, ("train/part-0.parquet", await WriteAsync([5, 3, 1], ct, start: 0)), ("train/part-1.parquet", await WriteAsync([4, 0, 2], ct, start: 9)));
        await RunJobsAsync(ct);
        using var http = _server.Http(_server.ReadToken);
        var all = (await OkAsync(http, $"/datasets-server/rows?dataset={repo}&config=default&split=train", ct))["rows"]!.AsArray()
            .Select(r => (Index: r!["row_idx"]!.GetValue<long>(), Row: r["row"]!.AsObject())).ToList();
        Assert.Equal(15, all.Count);

        string[] wheres = ["\"label\" = 1", "\"id\" >= 3 AND \"id\" < 12", "\"text\" IS NULL OR \"label\" = 0", "NOT (\"text\" = 'row 4')", "\"text\" > 'row 1'", "id > 100"];
        (string? OrderBy, string Column, bool Descending)[] orders = [(null, "", false), ("\"id\" DESC", "id", true), ("text", "text", false), ("\"label\" DESC", "label", true)];
        foreach (var where in wheres)
        {
            var matching = all.Where(r => FilterExpression.Parse(where).Matches(r.Row)).ToList();
            foreach (var (orderBy, column, descending) in orders)
            {
                var expected = orderBy is null ? matching : Sorted(matching, column, descending);
                foreach (var (offset, length) in new[] { (0, 100), (0, 3), (2, 3), (7, 3), (20, 5) })
                {
                    var url = $"/datasets-server/filter?dataset={repo}&config=default&split=train&where={Uri.EscapeDataString(where)}&offset={offset}&length={length}"
                        + (orderBy is null ? string.Empty : "&orderby=" + Uri.EscapeDataString(orderBy));
                    var page = await OkAsync(http, url, ct);

                    Assert.Equal(matching.Count, page["num_rows_total"]!.GetValue<long>());
                    Assert.Equal(expected.Skip(offset).Take(length).Select(r => r.Index), page["rows"]!.AsArray().Select(r => r!["row_idx"]!.GetValue<long>()));
                    Assert.Equal(expected.Skip(offset).Take(length).Select(r => r.Row.ToJsonString()), page["rows"]!.AsArray().Select(r => r!["row"]!.ToJsonString()));
                }
            }
        }

        var bad = await http.GetAsync($"/datasets-server/filter?dataset={repo}&config=default&split=train&where={Uri.EscapeDataString("\"id\" = ")}", ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("at character", (await JsonAsync(bad, ct))["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var unknown = await http.GetAsync($"/datasets-server/filter?dataset={repo}&config=default&split=train&where={Uri.EscapeDataString("\"nope\" = 1")}", ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("InvalidParameter", unknown.Headers.GetValues("X-Error-Code").Single());
        var order = await http.GetAsync($"/datasets-server/filter?dataset={repo}&config=default&split=train&where={Uri.EscapeDataString("\"id\" = 1")}&orderby=id%20SIDEWAYS", ct);
        Assert.Equal(HttpStatusCode.BadRequest, order.StatusCode);
    }

    // Nulls last, ties in split order; numbers by value, text by code point.
    private static List<(long Index, JsonObject Row)> Sorted(List<(long Index, JsonObject Row)> rows, string column, bool descending)
    {
        var withValue = rows.Where(r => r.Row[column] is not null).ToList();
        if (withValue.Count == 0)
        {
            return rows;
        }

        var ordered = withValue[0].Row[column]!.GetValueKind() == JsonValueKind.Number
            ? (descending ? withValue.OrderByDescending(r => r.Row[column]!.GetValue<decimal>()) : withValue.OrderBy(r => r.Row[column]!.GetValue<decimal>()))
            : (descending ? withValue.OrderByDescending(r => r.Row[column]!.GetValue<string>(), StringComparer.Ordinal) : withValue.OrderBy(r => r.Row[column]!.GetValue<string>(), StringComparer.Ordinal));
        return [.. ordered.ThenBy(r => r.Index), .. rows.Where(r => r.Row[column] is null)];
    }

    [Fact]
    public async Task HubClient_reads_splits_pages_and_filters_through_the_mirrors_viewer()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await DatasetAsync(ct, isPrivate: true, files: [("train/part-0.parquet", await WriteAsync([5, 3], ct)), ("train/part-1.parquet", await WriteAsync([4], ct, start: 8))]);
        await RunJobsAsync(ct);
        var id = HubPlatform.Hub.RepoId.Parse(repo);
        using var hub = HubPlatform.Client.HubClient.Create(new HubPlatform.Client.HubClientOptions { Endpoint = _server.Url, Token = _server.WriteToken, MaxRetries = 0 });
        using var anonymous = HubPlatform.Client.HubClient.Create(new HubPlatform.Client.HubClientOptions { Endpoint = _server.Url, MaxRetries = 0 });

        var splits = await hub.DatasetViewer.SplitsAsync(id, cancellationToken: ct);
        var all = await hub.DatasetViewer.AllRowsAsync(id, "default", "train", ct).ToListAsync(ct);
        var filtered = await hub.DatasetViewer.FilterAsync(id, "default", "train", "\"label\" = 1", "\"id\" DESC", length: 2, cancellationToken: ct);
        var info = await hub.DatasetViewer.InfoAsync(id, "default", ct);

        Assert.Equal("train", Assert.Single(splits.Splits).Split);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), all.Select(r => r.RowIdx));
        Assert.Equal(6, filtered.NumRowsTotal);
        Assert.Equal([11L, 9L], filtered.Rows.Select(r => r.Row["id"]!.GetValue<long>()));
        Assert.Equal(12, info.DatasetInfo.Splits["train"].NumExamples);
        var refused = await Assert.ThrowsAnyAsync<HubPlatform.Client.Errors.HubHttpException>(() => anonymous.DatasetViewer.SplitsAsync(id, cancellationToken: ct));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("ExternalUnauthenticatedError", refused.ErrorCode);
    }

    [Fact]
    public async Task Statistics_are_computed_by_a_job_once_per_content_and_not_ready_before()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await DatasetAsync(ct, ("data/train-00000-of-00001.parquet", await WriteAsync([6, 4], ct)));
        var worker = _server.Services.GetRequiredService<JobWorker>();
        Assert.True(await worker.RunOnceAsync(ct)); // the index, which queues the statistics
        using var http = _server.Http(_server.ReadToken);

        var early = await http.GetAsync($"/datasets-server/statistics?dataset={repo}&config=default&split=train", ct);
        Assert.Equal("ResponseNotReady", early.Headers.GetValues("X-Error-Code").Single());
        await RunJobsAsync(ct);
        var stats = await OkAsync(http, $"/datasets-server/statistics?dataset={repo}&config=default&split=train", ct);

        Assert.Equal(10, stats["num_examples"]!.GetValue<long>());
        var columns = stats["statistics"]!.AsArray();
        Assert.Equal(["id", "text", "label"], columns.Select(c => c!["column_name"]!.GetValue<string>()));
        var id = columns[0]!;
        Assert.Equal("int", id["column_type"]!.GetValue<string>());
        Assert.Equal("""{"nan_count":0,"nan_proportion":0,"min":0,"max":9,"mean":4.5,"median":4.5,"std":3.02765,"histogram":{"hist":[1,1,1,1,1,1,1,1,1,1],"bin_edges":[0,1,2,3,4,5,6,7,8,9,9]}}""",
            id["column_statistics"]!.ToJsonString());
        Assert.Equal(4, columns[1]!["column_statistics"]!["nan_count"]!.GetValue<long>());

        // A commit that leaves the data alone reuses the statistics.
        (await _server.CommitAsync(repo, string.Join('\n', MirrorServer.Header("card"), MirrorServer.FileLine("README.md", Encoding.UTF8.GetBytes("# Data\n"))), prefix: "datasets")).EnsureSuccessStatusCode();
        await RunJobsAsync(ct);
        Assert.Equal(stats.ToJsonString(), (await OkAsync(http, $"/datasets-server/statistics?dataset={repo}&config=default&split=train", ct)).ToJsonString());
        await using var scope = _server.Services.CreateAsyncScope();
        var results = await scope.ServiceProvider.GetRequiredService<JobQueue>().ListAsync(false, 20, ct);
        Assert.Contains(results, j => j.Kind == DatasetStatisticsJob.JobKind && j.Result == "computed before for the same content");
    }

    [Fact]
    public async Task Search_finds_rows_by_their_words_once_its_index_is_built()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await DatasetAsync(ct, ("train/a.parquet", await WriteAsync([5, 5], ct)), ("train/b.parquet", await WriteAsync([6], ct, start: 10)));
        var worker = _server.Services.GetRequiredService<JobWorker>();
        Assert.True(await worker.RunOnceAsync(ct)); // the index only
        using var http = _server.Http(_server.ReadToken);

        var early = await http.GetAsync($"/datasets-server/search?dataset={repo}&config=default&split=train&query=row", ct);
        Assert.Equal("ResponseNotReady", early.Headers.GetValues("X-Error-Code").Single());
        await RunJobsAsync(ct);
        Assert.True((await OkAsync(http, $"/datasets-server/is-valid?dataset={repo}", ct))["search"]!.GetValue<bool>());
        var all = await OkAsync(http, $"/datasets-server/search?dataset={repo}&config=default&split=train&query=ROWS", ct);
        var some = await OkAsync(http, $"/datasets-server/search?dataset={repo}&config=default&split=train&query={Uri.EscapeDataString("13 \"4\" NEAR(")}&offset=0&length=1", ct);

        // Every row but the null texts (ids divisible by 3) reads "row N".
        var expected = Enumerable.Range(0, 16).Where(i => i % 3 != 0).Select(i => (long)i).ToList();
        Assert.Equal(expected.Count, all["num_rows_total"]!.GetValue<long>());
        Assert.Equal(expected, all["rows"]!.AsArray().Select(r => r!["row_idx"]!.GetValue<long>()));
        Assert.Equal("row 13", all["rows"]!.AsArray().Single(r => r!["row_idx"]!.GetValue<long>() == 13)!["row"]!["text"]!.GetValue<string>());
        Assert.Equal(2, some["num_rows_total"]!.GetValue<long>());
        Assert.Equal([4L], some["rows"]!.AsArray().Select(r => r!["row_idx"]!.GetValue<long>()));
        await ExpectAsync(http, $"/datasets-server/search?dataset={repo}&config=default&split=train", 422, "MissingRequiredParameter", ct);
    }

    [Fact]
    public async Task Image_cells_are_signed_links_to_assets_the_mirror_serves_with_their_size()
    {
        var ct = TestContext.Current.CancellationToken;
        // A PNG header of a 3 x 2 image is enough for its size and type.
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0, 0, 0, 1, 2, 3];
        using var file = new MemoryStream();
        await ParquetSerializer.SerializeAsync(
            new[] { new ImageRow { Image = new ImageCell { Bytes = png, Path = "a.png" }, Label = 1 }, new ImageRow { Image = new ImageCell { Path = "b.png" }, Label = 0 } },
            file,
            customMetadata: new Dictionary<string, string> { ["huggingface"] = """{"info":{"features":{"image":{"_type":"Image"},"label":{"dtype":"int64","_type":"Value"}}}}""" },
            cancellationToken: ct);
        var repo = await DatasetAsync(ct, isPrivate: true, files: ("data.parquet", file.ToArray()));
        await RunJobsAsync(ct);
        using var owner = _server.Http(_server.WriteToken);
        using var anonymous = _server.Http(null);

        var rows = await OkAsync(owner, $"/datasets-server/rows?dataset={repo}&config=default&split=train", ct);
        var first = await OkAsync(owner, $"/datasets-server/first-rows?dataset={repo}&config=default&split=train", ct);

        Assert.Equal("""{"_type":"Image"}""", rows["features"]![0]!["type"]!.ToJsonString());
        var image = rows["rows"]![0]!["row"]!["image"]!;
        Assert.Equal((2, 3), (image["height"]!.GetValue<int>(), image["width"]!.GetValue<int>()));
        Assert.Null(rows["rows"]![1]!["row"]!["image"]);
        Assert.NotNull(first["rows"]![0]!["row"]!["image"]!["src"]);
        var src = image["src"]!.GetValue<string>();
        var asset = await anonymous.GetAsync(src, ct); // a browser's <img> sends no token: the link is signed
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("image/png", asset.Content.Headers.ContentType!.MediaType);
        Assert.Equal(png, await asset.Content.ReadAsByteArrayAsync(ct));
        var tampered = await anonymous.GetAsync(src.Replace("-0-0-0-0", "-0-0-1-0", StringComparison.Ordinal), ct);
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
    }

    [Fact]
    public async Task The_hub_api_lists_parquet_urls_by_config_and_split_and_each_redirects_to_its_file()
    {
        var ct = TestContext.Current.CancellationToken;
        var second = await WriteAsync([2], ct, start: 10);
        var repo = await DatasetAsync(ct, isPrivate: true, files: [("train/a.parquet", await WriteAsync([3], ct)), ("train/b.parquet", second), ("test/c.parquet", await WriteAsync([1], ct))]);
        using var owner = _server.Http(_server.WriteToken);
        using var outsider = _server.Http(_server.OutsiderToken);

        var early = await owner.GetAsync($"/api/datasets/{repo}/parquet", ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
        Assert.NotNull(early.Headers.RetryAfter);
        await RunJobsAsync(ct);
        var all = await OkAsync(owner, $"/api/datasets/{repo}/parquet", ct);
        var one = await OkAsync(owner, $"/api/datasets/{repo}/parquet/default/train", ct);

        var listing = $"{_server.Url.ToString().TrimEnd('/')}/api/datasets/{repo}/parquet/default";
        Assert.Equal($$$"""{"default":{"train":["{{{listing}}}/train/0.parquet","{{{listing}}}/train/1.parquet"],"test":["{{{listing}}}/test/0.parquet"]}}""", all.ToJsonString());
        Assert.Equal($"""["{listing}/train/0.parquet","{listing}/train/1.parquet"]""", one.ToJsonString());
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _server.Url };
        noRedirect.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _server.WriteToken);
        var redirect = await noRedirect.GetAsync($"/api/datasets/{repo}/parquet/default/train/1.parquet", ct);
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.Equal(second, await owner.GetByteArrayAsync(redirect.Headers.Location, ct));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/api/datasets/{repo}/parquet/default/train/2.parquet", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/api/datasets/{repo}/parquet/nope", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/datasets/{repo}/parquet", ct)).StatusCode);
    }

    [Fact]
    public async Task Private_missing_and_unreadable_datasets_answer_alike()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await DatasetAsync(ct, isPrivate: true, files: ("data.parquet", await WriteAsync([1], ct)));
        await RunJobsAsync(ct);
        using var anonymous = _server.Http(null);
        using var outsider = _server.Http(_server.OutsiderToken);
        using var owner = _server.Http(_server.WriteToken);

        foreach (var name in new[] { repo, "acme/does-not-exist", "not a repo id" })
        {
            var anon = await anonymous.GetAsync($"/datasets-server/splits?dataset={Uri.EscapeDataString(name)}", ct);
            Assert.Equal(HttpStatusCode.Unauthorized, anon.StatusCode);
            Assert.Equal("ExternalUnauthenticatedError", anon.Headers.GetValues("X-Error-Code").Single());
            var other = await outsider.GetAsync($"/datasets-server/rows?dataset={Uri.EscapeDataString(name)}&config=default&split=train", ct);
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
            Assert.Equal("ExternalAuthenticatedError", other.Headers.GetValues("X-Error-Code").Single());
        }

        var rows = await OkAsync(owner, $"/datasets-server/rows?dataset={repo}&config=default&split=train", ct);
        Assert.Single(rows["rows"]!.AsArray());
    }

    [Fact]
    public async Task Bad_parameters_get_the_viewers_codes()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await DatasetAsync(ct, ("data.parquet", await WriteAsync([1], ct)));
        await RunJobsAsync(ct);
        using var http = _server.Http(_server.ReadToken);

        await ExpectAsync(http, "/datasets-server/splits", 422, "MissingRequiredParameter", ct);
        await ExpectAsync(http, $"/datasets-server/rows?dataset={repo}&config=default", 422, "MissingRequiredParameter", ct);
        await ExpectAsync(http, $"/datasets-server/rows?dataset={repo}&config=default&split=train&length=101", 422, "InvalidParameter", ct);
        await ExpectAsync(http, $"/datasets-server/rows?dataset={repo}&config=default&split=train&offset=-1", 422, "InvalidParameter", ct);
        await ExpectAsync(http, $"/datasets-server/rows?dataset={repo}&config=default&split=nope", 404, "ResponseNotFound", ct);
        await ExpectAsync(http, $"/datasets-server/splits?dataset={repo}&config=nope", 404, "ResponseNotFound", ct);
        var past = await OkAsync(http, $"/datasets-server/rows?dataset={repo}&config=default&split=train&offset=5", ct);
        Assert.Empty(past["rows"]!.AsArray());
    }

    [Fact]
    public async Task First_rows_of_huge_cells_stay_near_a_megabyte()
    {
        var ct = TestContext.Current.CancellationToken;
        var text = new DataField<string>("text");
        using var file = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(text), file, cancellationToken: ct))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(text, Enumerable.Range(0, 30).Select(i => new string((char)('a' + (i % 26)), 300_000)).ToArray());
        }

        var repo = await DatasetAsync(ct, ("data.parquet", file.ToArray()));
        await RunJobsAsync(ct);
        using var http = _server.Http(_server.ReadToken);

        var response = await http.GetAsync($"/datasets-server/first-rows?dataset={repo}&config=default&split=train", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(body.Length, 1, 1_200_000);
        var rows = JsonNode.Parse(body)!["rows"]!.AsArray();
        Assert.Equal(10, rows.Count);
        Assert.True(JsonNode.Parse(body)!["truncated"]!.GetValue<bool>());
        Assert.Contains(rows, r => r!["truncated_cells"]!.AsArray().Count == 1);
    }

    [Fact]
    public async Task A_file_with_no_rows_is_a_split_with_no_rows()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await DatasetAsync(ct, ("data.parquet", await WriteAsync([], ct)));
        await RunJobsAsync(ct);
        using var http = _server.Http(_server.ReadToken);

        var rows = await OkAsync(http, $"/datasets-server/rows?dataset={repo}&config=default&split=train", ct);
        Assert.Empty(rows["rows"]!.AsArray());
        Assert.Equal(0, rows["num_rows_total"]!.GetValue<long>());
        Assert.Equal(3, rows["features"]!.AsArray().Count);
    }

    [Fact]
    public async Task Every_corpus_parquet_file_is_served_or_refused_with_a_clear_error_as_its_manifest_says()
    {
        Assert.True(HubPlatform.Cards.Tests.Corpus.Folder is not null, HubPlatform.Cards.Tests.Corpus.Describe());
        var ct = TestContext.Current.CancellationToken;
        var files = HubPlatform.Cards.Tests.Corpus.Manifest().Where(r => r[1] == "parquet").ToList();
        Assert.NotEmpty(files);
        var repos = new List<(string File, bool Malformed, string Repo)>();
        foreach (var row in files)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(HubPlatform.Cards.Tests.Corpus.Folder!, row[0]), ct);
            repos.Add((row[0], row.Length > 4 && row[4].StartsWith("MALFORMED", StringComparison.Ordinal), await DatasetAsync(ct, ("data.parquet", bytes))));
        }

        await RunJobsAsync(ct);
        using var http = _server.Http(_server.ReadToken);
        foreach (var (file, malformed, repo) in repos)
        {
            var splits = await http.GetAsync($"/datasets-server/splits?dataset={repo}", ct);
            Assert.True(splits.StatusCode == HttpStatusCode.OK, $"{file}: {await splits.Content.ReadAsStringAsync(ct)}");
            var first = await http.GetAsync($"/datasets-server/first-rows?dataset={repo}&config=default&split=train", ct);
            var body = await first.Content.ReadAsStringAsync(ct);
            if (first.StatusCode != HttpStatusCode.OK)
            {
                // Refused: only for a file the manifest calls malformed or one the reader cannot decode, saying which file and why.
                Assert.True(malformed || RefusedCorpusFiles.ContainsKey(file), $"{file}: {(int)first.StatusCode} {body}");
                Assert.Equal("StreamingRowsError", first.Headers.GetValues("X-Error-Code").Single());
                var cause = JsonNode.Parse(body)!["cause_message"]!.GetValue<string>();
                Assert.StartsWith("data.parquet: ", cause, StringComparison.Ordinal);
                Assert.Contains(RefusedCorpusFiles.GetValueOrDefault(file, string.Empty), cause, StringComparison.Ordinal);
                continue;
            }

            Assert.False(RefusedCorpusFiles.ContainsKey(file), $"{file} is served now: take it off the list of refused files");
            var total = (await OkAsync(http, $"/datasets-server/size?dataset={repo}", ct))["size"]!["dataset"]!["num_rows"]!.GetValue<long>();
            Assert.Equal(Math.Min(100, total), JsonNode.Parse(body)!["rows"]!.AsArray().Count);
            for (var offset = 0L; offset < total; offset += 100)
            {
                var page = await http.GetAsync($"/datasets-server/rows?dataset={repo}&config=default&split=train&offset={offset}&length=100", ct);
                var text = await page.Content.ReadAsStringAsync(ct);
                Assert.True(page.StatusCode == HttpStatusCode.OK || (malformed && page.Headers.GetValues("X-Error-Code").Single() == "StreamingRowsError"), $"{file} at {offset}: {text}");
            }
        }
    }

    // Valid files the server refuses, each with the reason its message gives: Parquet.Net 6.1 cannot decode INT96
    // timestamps outside DateTime's years (its option to read them raw fails in the untyped reader) or a boolean
    // column of this data page v2 file (it divides by zero), and a row
    // group of 2 GiB once decompressed is above the memory bound. Listed in the README as limits; a reader that learns them
    // makes this test fail, so the list stays true.
    private static readonly Dictionary<string, string> RefusedCorpusFiles = new()
    {
        ["parquet/int96_from_spark.parquet"] = "un-representable DateTime",
        ["parquet/datapage_v2.snappy.parquet"] = "divide by zero",
        ["parquet/large_string_map.brotli.parquet"] = "MiB once decompressed",
    };

    private Task RunJobsAsync(CancellationToken ct) => DatasetRepos.RunJobsAsync(_server, ct);

    private Task<string> DatasetAsync(CancellationToken ct, params (string Path, byte[] Content)[] files) => DatasetRepos.CreateAsync(_server, ct, false, files);

    private Task<string> DatasetAsync(CancellationToken ct, bool isPrivate, params (string Path, byte[] Content)[] files) => DatasetRepos.CreateAsync(_server, ct, isPrivate, files);

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response, CancellationToken ct) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;

    private static async Task<JsonNode> OkAsync(HttpClient http, string url, CancellationToken ct)
    {
        var response = await http.GetAsync(url, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private static async Task ExpectAsync(HttpClient http, string url, int status, string code, CancellationToken ct)
    {
        var response = await http.GetAsync(url, ct);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, response.Headers.GetValues("X-Error-Code").Single());
        Assert.NotNull((await JsonAsync(response, ct))["error"]);
    }

    // id (from start), text (null for every third row), label; one row group per count.
    private static async Task<byte[]> WriteAsync(int[] groups, CancellationToken ct, int start = 0)
    {
        var id = new DataField<long>("id");
        var text = new DataField<string>("text", true);
        var label = new DataField<int>("label");
        using var file = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, text, label), file, cancellationToken: ct))
        {
            var next = start;
            foreach (var rows in groups)
            {
                var ids = Enumerable.Range(next, rows).ToArray();
                next += rows;
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<long>(id, ids.Select(i => (long)i).ToArray(), cancellationToken: ct);
                await group.WriteAsync(text, ids.Select(i => i % 3 == 0 ? null : $"row {i}").ToArray());
                await group.WriteAsync<int>(label, ids.Select(i => i % 2).ToArray(), cancellationToken: ct);
            }
        }

        return file.ToArray();
    }

    private sealed class ImageRow
    {
        [System.Text.Json.Serialization.JsonPropertyName("image")]
        public ImageCell Image { get; set; } = new();

        [System.Text.Json.Serialization.JsonPropertyName("label")]
        public long Label { get; set; }
    }

    private sealed class ImageCell
    {
        [System.Text.Json.Serialization.JsonPropertyName("bytes")]
        public byte[]? Bytes { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("path")]
        public string? Path { get; set; }
    }
}
