using System.Text.Json;
using HubPlatform.Client.Tests;
using HubPlatform.Hub;
using HubPlatform.Mirror;
using HubPlatform.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Parquet;
using Parquet.Schema;

namespace HubPlatform.Cli.Tests;

/// <summary><c>hub dataset</c> against a real mirror on 127.0.0.1 holding an indexed dataset.</summary>
public sealed class DatasetCommandTests : IAsyncLifetime
{
    private readonly TempDir _home = new();
    private readonly Dictionary<string, string> _env = [];
    private WebApplication _app = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _app = await MirrorApp.BuildAsync(["--urls", "http://127.0.0.1:0"], Path.Combine(_home.Path, "data"), o => o.RunWorker = false, ct);
        await _app.StartAsync(ct);
        var url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await using var scope = _app.Services.CreateAsyncScope();
        var token = await scope.ServiceProvider.GetRequiredService<TokenService>().CreateAsync("alice", "cli", "write", ["acme"], ct);
        var repo = await scope.ServiceProvider.GetRequiredService<RepositoryService>().CreateAsync(RepoType.Dataset, RepoId.Parse("acme/reviews"), true, "alice", ct);
        var commits = scope.ServiceProvider.GetRequiredService<CommitService>();
        var train = await commits.StageBytesAsync(await ParquetAsync(0, 30, ct), ct);
        var test = await commits.StageBytesAsync(await ParquetAsync(100, 5, ct), ct);
        await commits.CommitAsync(repo, new CommitRequest
        {
            Branch = "main", Title = "data", AuthorName = "alice",
            Operations = [train with { Path = "data/train-00000-of-00001.parquet" }, test with { Path = "data/test-00000-of-00001.parquet" }],
        }, ct);
        var table = await scope.ServiceProvider.GetRequiredService<RepositoryService>().CreateAsync(RepoType.Dataset, RepoId.Parse("acme/table"), true, "alice", ct);
        var csv = await commits.StageBytesAsync("name,score\nada,1\nbob,2\n"u8.ToArray(), ct);
        await commits.CommitAsync(table, new CommitRequest { Branch = "main", Title = "csv", AuthorName = "alice", Operations = [csv with { Path = "train.csv" }] }, ct);
        var worker = _app.Services.GetRequiredService<JobWorker>();
        while (await worker.RunOnceAsync(ct))
        {
        }

        _env["HF_ENDPOINT"] = url;
        _env["HF_HOME"] = _home.Path;
        _env["HF_TOKEN"] = token;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task Splits_info_and_rows_print_tab_separated_lines_and_json()
    {
        var splits = await CliRun.RunAsync(_env, "dataset", "splits", "acme/reviews");
        var info = await CliRun.RunAsync(_env, "dataset", "info", "acme/reviews");
        var rows = await CliRun.RunAsync(_env, "dataset", "rows", "acme/reviews", "--offset", "28", "--length", "5");
        var json = await CliRun.RunAsync(_env, "dataset", "rows", "acme/reviews", "--split", "test", "--json");

        Assert.Equal(["config\tsplit", "default\ttrain", "default\ttest"], splits.OutLines);
        Assert.Equal(0, info.ExitCode);
        Assert.Contains("train\t30\t", info.Out, StringComparison.Ordinal);
        Assert.Contains("text\tstring", info.Out, StringComparison.Ordinal);
        Assert.Equal(["row\tid\ttext", "28\t28\tline 28", "29\t29\tline 29"], rows.OutLines);
        Assert.Contains("rows 28–30 of 30", rows.Error, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal(5, doc.RootElement.GetProperty("num_rows_total").GetInt64());
        Assert.Equal(100, doc.RootElement.GetProperty("rows")[0].GetProperty("row").GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task A_csv_dataset_reads_as_rows_and_its_parquet_files_list_on_the_convert_ref()
    {
        var rows = await CliRun.RunAsync(_env, "dataset", "rows", "acme/table");
        var tree = await CliRun.RunAsync(_env, "tree", "acme/table", "--type", "dataset", "--recursive", "--revision", "refs/convert/parquet");

        Assert.Equal(0, rows.ExitCode);
        Assert.Contains("ada\t1", rows.Out, StringComparison.Ordinal);
        Assert.Contains("bob\t2", rows.Out, StringComparison.Ordinal);
        Assert.Equal(0, tree.ExitCode);
        Assert.Contains("default/train/0000.parquet", tree.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_prints_the_rows_holding_a_word()
    {
        var search = await CliRun.RunAsync(_env, "dataset", "search", "acme/reviews", "--query", "line", "--offset", "27");

        Assert.Equal(["row\tid\ttext", "27\t27\tline 27", "28\t28\tline 28", "29\t29\tline 29"], search.OutLines);
        Assert.Contains("of 30 matching", search.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_prints_a_line_per_column()
    {
        var stats = await CliRun.RunAsync(_env, "dataset", "stats", "acme/reviews");

        Assert.Equal(0, stats.ExitCode);
        Assert.Equal("column\ttype\tnulls\tmin\tmax\tmean\tmedian\tstd\tvalues", stats.OutLines[0]);
        Assert.Equal("id\tint\t0\t0\t29\t14.5\t14.5\t8.80341", stats.OutLines[1]);
        Assert.StartsWith("text\tstring_text\t0\t6\t7\t", stats.OutLines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filter_prints_the_matching_rows_and_bad_input_is_one_line_and_a_non_zero_exit()
    {
        var filter = await CliRun.RunAsync(_env, "dataset", "filter", "acme/reviews", "--where", "\"id\" >= 10 AND \"id\" < 20", "--orderby", "id DESC", "--length", "3");
        var bad = await CliRun.RunAsync(_env, "dataset", "filter", "acme/reviews", "--where", "\"id\" >=");
        var hidden = await CliRun.RunAsync(new Dictionary<string, string>(_env) { ["HF_TOKEN"] = string.Empty }, "dataset", "splits", "acme/reviews");
        var length = await CliRun.RunAsync(_env, "dataset", "rows", "acme/reviews", "--length", "101");

        Assert.Equal(["row\tid\ttext", "19\t19\tline 19", "18\t18\tline 18", "17\t17\tline 17"], filter.OutLines);
        Assert.Contains("of 10 matching", filter.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("at character", Assert.Single(bad.ErrorLines), StringComparison.Ordinal);
        Assert.NotEqual(0, hidden.ExitCode);
        Assert.Single(hidden.ErrorLines);
        Assert.Equal(2, length.ExitCode);
    }

    private static async Task<byte[]> ParquetAsync(int start, int rows, CancellationToken ct)
    {
        var id = new DataField<long>("id");
        var text = new DataField<string>("text");
        using var file = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, text), file, cancellationToken: ct))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<long>(id, Enumerable.Range(start, rows).Select(i => (long)i).ToArray(), cancellationToken: ct);
            await group.WriteAsync(text, Enumerable.Range(start, rows).Select(i => $"line {i}").ToArray());
        }

        return file.ToArray();
    }
}
