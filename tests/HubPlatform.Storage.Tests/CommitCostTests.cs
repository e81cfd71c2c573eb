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

    private static async Task<byte[]> ReadAsync(StorageFixture storage, string sha256)
    {
        await using var stream = storage.Services.GetRequiredService<IBlobStore>().OpenRead(sha256);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
