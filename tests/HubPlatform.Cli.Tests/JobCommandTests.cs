using System.Text.Json;
using HubPlatform.BlobStore.FileSystem;
using HubPlatform.Client.Tests;
using HubPlatform.Datasets;
using HubPlatform.Hub;
using HubPlatform.Storage;
using HubPlatform.Storage.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Cli.Tests;

/// <summary><c>hub jobs</c>, <c>hub jobs retry</c> and <c>hub worker</c> over a data folder.</summary>
public sealed class JobCommandTests : IDisposable
{
    private readonly TempDir _home = new();
    private readonly Dictionary<string, string> _env = [];

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Jobs_lists_failed_jobs_with_their_reason_and_retry_queues_one_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Path.Combine(_home.Path, "data");
        long failedId;
        await using (var services = new ServiceCollection().AddHubStorageSqlite(o => o.DataDirectory = data).AddFileSystemBlobStore()
                         .AddSingleton<ICardSummarizer, HubPlatform.Mirror.CardSummarizer>().BuildServiceProvider())
        {
            await services.MigrateHubStorageAsync(ct);
            await using var scope = services.CreateAsyncScope();
            var repo = await scope.ServiceProvider.GetRequiredService<RepositoryService>().CreateAsync(RepoType.Dataset, RepoId.Parse("acme/d"), false, "alice", ct);
            var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
            await queue.EnqueueAsync([new JobRequest("index", repo.Id, new string('a', 40)), new JobRequest("index", repo.Id, new string('b', 40))], ct);
            var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
            failedId = await db.Jobs.Where(j => j.CommitId == new string('b', 40)).Select(j => j.Id).SingleAsync(ct);
            await db.Jobs.Where(j => j.Id == failedId).ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobQueue.Failed).SetProperty(j => j.Error, "not a Parquet file\nat line 2").SetProperty(j => j.Attempts, 5), ct);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var all = await CliRun.RunAsync(_env, "jobs", "--data", data);
        var failed = await CliRun.RunAsync(_env, "jobs", "--failed", "--data", data);
        var json = await CliRun.RunAsync(_env, "jobs", "--json", "--data", data);
        var retried = await CliRun.RunAsync(_env, "jobs", "retry", failedId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", data);
        var missing = await CliRun.RunAsync(_env, "jobs", "retry", "999", "--data", data);
        var after = await CliRun.RunAsync(_env, "jobs", "--failed", "--data", data);
        var worker = await CliRun.RunAsync(_env, "worker", "--until-idle", "--data", data);

        Assert.Equal(2, all.OutLines.Length);
        var line = Assert.Single(failed.OutLines);
        Assert.Matches($@"^{failedId}\tindex\tfailed\t5/5\trepo \d+\tbbbbbbbbbbbb\t\tnot a Parquet file at line 2$", line);
        using (var doc = JsonDocument.Parse(json.Out))
        {
            Assert.Equal(["queued", "failed"], doc.RootElement.EnumerateArray().Select(j => j.GetProperty("status").GetString()).Order(StringComparer.Ordinal).Reverse());
        }

        Assert.Equal(0, retried.ExitCode);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Empty(after.OutLines);
        Assert.Equal(0, worker.ExitCode);
        Assert.Contains("0 jobs run", worker.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_worker_indexes_a_dataset_commit_and_jobs_shows_what_it_found()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Path.Combine(_home.Path, "data");
        await using (var services = new ServiceCollection().AddHubStorageSqlite(o => o.DataDirectory = data).AddFileSystemBlobStore()
                         .AddSingleton<ICardSummarizer, HubPlatform.Mirror.CardSummarizer>().AddHubDatasets().AddLogging().BuildServiceProvider())
        {
            await services.MigrateHubStorageAsync(ct);
            await using var scope = services.CreateAsyncScope();
            var repo = await scope.ServiceProvider.GetRequiredService<RepositoryService>().CreateAsync(RepoType.Dataset, RepoId.Parse("acme/d"), false, "alice", ct);
            var commits = scope.ServiceProvider.GetRequiredService<CommitService>();
            var id = new Parquet.Schema.DataField<long>("id");
            using var file = new MemoryStream();
            await using (var writer = await Parquet.ParquetWriter.CreateAsync(new Parquet.Schema.ParquetSchema(id), file, cancellationToken: ct))
            {
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<long>(id, new long[] { 1, 2, 3 }, cancellationToken: ct);
            }

            var staged = await commits.StageBytesAsync(file.ToArray(), ct);
            await commits.CommitAsync(repo, new CommitRequest { Branch = "main", Title = "data", AuthorName = "alice", Operations = [staged with { Path = "data/train-00000-of-00001.parquet" }] }, ct);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var worker = await CliRun.RunAsync(_env, "worker", "--until-idle", "--data", data);
        var jobs = await CliRun.RunAsync(_env, "jobs", "--json", "--data", data);

        Assert.Equal(0, worker.ExitCode);
        Assert.Contains("dataset-index", worker.Error, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(jobs.Out);
        var job = doc.RootElement.EnumerateArray().Single(j => j.GetProperty("kind").GetString() == "dataset-index" && j.GetProperty("status").GetString() == "done");
        Assert.Equal("1 configs, 1 splits (0 failed), 1 files read", job.GetProperty("result").GetString());
    }
}
