using System.Text;
using HubPlatform.Hub;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Storage.Tests;

/// <summary>A commit stores what it changes: the nodes on its paths, not a copy of the repository's file list.</summary>
public sealed class CommitCostTests
{
    [Fact]
    public async Task A_one_file_commit_into_a_folder_of_5000_files_writes_a_few_small_nodes_and_reads_no_card()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var storage = await StorageFixture.CreateAsync();
        await using var scope = storage.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepositoryService>();
        var commits = scope.ServiceProvider.GetRequiredService<CommitService>();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var cards = storage.Services.GetRequiredService<RecordingCardSummarizer>();
        var repo = await repos.CreateAsync(RepoType.Model, RepoId.Parse("acme/wide"), false, "alice", ct);

        var operations = new List<CommitOperation> { await commits.StageTextAsync("tag-one\n", ct) with { Path = "README.md" } };
        for (var i = 0; i < 5000; i++)
        {
            operations.Add(await commits.StageTextAsync($"file {i}", ct) with { Path = $"data/part-{i:D5}.txt" });
        }

        await commits.CommitAsync(repo, new CommitRequest { Branch = "main", Title = "wide", AuthorName = "alice", Operations = operations }, ct);
        Assert.Equal(1, cards.Calls);
        Assert.Equal("tag-one", repo.Tags);

        var rowsBefore = await db.Trees.CountAsync(ct);
        var lastBefore = await db.Trees.MaxAsync(t => t.Id, ct);
        var changed = await commits.StageTextAsync("file 2500, changed", ct);
        var head = await commits.CommitAsync(repo, new CommitRequest { Branch = "main", Title = "one", AuthorName = "alice", Operations = [changed with { Path = "data/part-02500.txt" }] }, ct);

        // The changed chunk, the index nodes above it, the folder's root node and the repository's root.
        var written = await db.Trees.Where(t => t.Id > lastBefore).Select(t => t.Data.Length).ToListAsync(ct);
        Assert.InRange(written.Count, 2, 5);
        Assert.True(written.Sum() < 8_000, $"a one-file commit wrote {written.Sum()} bytes of tree nodes");
        Assert.Equal(rowsBefore + written.Count, await db.Trees.CountAsync(ct));
        Assert.Equal(1, cards.Calls);
        Assert.Equal("file 2500, changed", Encoding.UTF8.GetString(await ReadAsync(storage, (await repos.FileAsync(repo, head, "data/part-02500.txt", ct))!.Sha256)));
        Assert.Equal(5002, (await repos.RootNodeAsync(repo, head, ct)).FileCount);
    }

    [Fact]
    public async Task Changed_files_between_commits_are_found_in_the_nodes_they_do_not_share()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var storage = await StorageFixture.CreateAsync();
        await using var scope = storage.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepositoryService>();
        var commits = scope.ServiceProvider.GetRequiredService<CommitService>();
        var repo = await repos.CreateAsync(RepoType.Model, RepoId.Parse("acme/diff"), false, "alice", ct);
        var operations = new List<CommitOperation> { await commits.StageTextAsync("root", ct) with { Path = "config.json" } };
        for (var i = 0; i < 3000; i++)
        {
            operations.Add(await commits.StageTextAsync($"file {i}", ct) with { Path = $"data/part-{i:D5}.txt" });
        }

        operations.Add(await commits.StageTextAsync("old", ct) with { Path = "old/a/b.txt" });
        var first = await commits.CommitAsync(repo, new CommitRequest { Branch = "main", Title = "wide", AuthorName = "alice", Operations = operations }, ct);

        var second = await commits.CommitAsync(repo, new CommitRequest
        {
            Branch = "main", Title = "change", AuthorName = "alice",
            Operations =
            [
                await commits.StageTextAsync("changed", ct) with { Path = "data/part-01500.txt" },
                await commits.StageTextAsync("new", ct) with { Path = "data/part-99999.txt" },
                await commits.StageTextAsync("new folder", ct) with { Path = "onnx/model.onnx" },
                new DeleteFileOperation("data/part-00007.txt"),
                new DeleteFolderOperation("old"),
            ],
        }, ct);

        var changed = await repos.ChangedFilesAsync(repo, first, second, ct).ToListAsync(ct);
        Assert.Equal(
            ["data/part-00007.txt", "data/part-01500.txt", "data/part-99999.txt", "old/a/b.txt", "onnx/model.onnx"],
            changed.Order(StringComparer.Ordinal));
        Assert.Equal(changed.Order(StringComparer.Ordinal), (await repos.ChangedFilesAsync(repo, second, first, ct).ToListAsync(ct)).Order(StringComparer.Ordinal));
        Assert.Empty(await repos.ChangedFilesAsync(repo, second, second, ct).ToListAsync(ct));
    }

    private static async Task<byte[]> ReadAsync(StorageFixture storage, string sha256)
    {
        await using var stream = storage.Services.GetRequiredService<IBlobStore>().OpenRead(sha256);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
