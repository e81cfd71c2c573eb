using System.Text;
using Microsoft.EntityFrameworkCore;
using HubPlatform.Hub;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Storage.Tests;

public class StorageTests
{
    [Fact]
    public async Task Commits_get_git_ids_and_lfs_paths_get_gitattributes_rules()
    {
        await using var storage = await StorageFixture.CreateAsync();
        await using var scope = storage.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepositoryService>();
        var commits = scope.ServiceProvider.GetRequiredService<CommitService>();
        var blobs = storage.Services.GetRequiredService<IBlobStore>();
        var ct = TestContext.Current.CancellationToken;
        var repo = await repos.CreateAsync(RepoType.Model, RepoId.Parse("acme/m"), false, "alice", ct);
        var initial = await repos.ResolveAsync(repo, "main", ct);

        var weights = new byte[1000];
        var lfs = await blobs.WriteAsync(new MemoryStream(weights), null, weights.Length, weights.Length, ct);
        await scope.ServiceProvider.GetRequiredService<LfsObjects>().RecordUploadAsync(repo.Id, lfs.Sha256, lfs.Size, 1, ct);
        var text = await commits.StageTextAsync("hi", ct);
        var id = await commits.CommitAsync(repo, new CommitRequest
        {
            Branch = "main",
            Title = "Add",
            AuthorName = "alice",
            ParentCommit = initial,
            Operations = [text with { Path = "notes/a.txt" }, new AddFileOperation("custom.weights", lfs.Sha256, lfs.Size, true, null)],
        }, ct);

        var files = await repos.AllFilesAsync(repo, id, ct).ToListAsync(ct);
        var commit = await repos.CommitAsync(repo, id, ct);
        var tree = GitObjects.TreeIds(files.Select(f => KeyValuePair.Create(f.Path, f.BlobId)))[string.Empty];
        Assert.Equal(tree, commit!.TreeId);
        Assert.Equal(GitObjects.CommitId(tree, [initial!], commit.AuthorIdentity, commit.Date, commit.Message), id);
        Assert.Equal(new LfsPointer(lfs.Sha256, lfs.Size).GitBlobId, files.Single(f => f.Path == "custom.weights").BlobId);
        var attributes = files.Single(f => f.Path == ".gitattributes");
        await using var stream = blobs.OpenRead(attributes.Sha256);
        var content = await new StreamReader(stream).ReadToEndAsync(ct);
        Assert.EndsWith("custom.weights filter=lfs diff=lfs merge=lfs -text\n", content, StringComparison.Ordinal);
        Assert.Equal(id, await repos.ResolveAsync(repo, id[..8], ct));
        var (all, total) = await repos.HistoryAsync(repo, id, 0, 10, ct);
        var (second, _) = await repos.HistoryAsync(repo, id, 1, 10, ct);
        Assert.Equal((2, 2), (all.Count, total));
        Assert.Equal([id, initial], all.Select(c => c.Id));
        Assert.Equal([initial], second.Select(c => c.Id));
    }

    [Fact]
    public async Task Lfs_objects_belong_to_the_repo_they_were_uploaded_to_and_the_backfill_finds_them_in_trees()
    {
        await using var storage = await StorageFixture.CreateAsync();
        await using var scope = storage.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepositoryService>();
        var commits = scope.ServiceProvider.GetRequiredService<CommitService>();
        var objects = scope.ServiceProvider.GetRequiredService<LfsObjects>();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var blobs = storage.Services.GetRequiredService<IBlobStore>();
        var ct = TestContext.Current.CancellationToken;
        var owner = await repos.CreateAsync(RepoType.Model, RepoId.Parse("acme/owner"), true, "alice", ct);
        var other = await repos.CreateAsync(RepoType.Model, RepoId.Parse("mallory/other"), false, "mallory", ct);
        var lfs = await blobs.WriteAsync(new MemoryStream(new byte[500]), null, 500, 500, ct);
        await objects.RecordUploadAsync(owner.Id, lfs.Sha256, lfs.Size, 1, ct);
        CommitRequest Add(string path, long size) => new() { Branch = "main", Title = "w", AuthorName = "x", Operations = [new AddFileOperation(path, lfs.Sha256, size, true, null)] };

        var refused = await Assert.ThrowsAsync<HubProblemException>(() => commits.CommitAsync(other, Add("w.bin", lfs.Size), ct));
        Assert.Equal(400, refused.Status);
        Assert.NotNull(await commits.CommitAsync(owner, Add("w.bin", -1), ct));
        Assert.Null((await objects.OwnedAsync(owner.Id, [lfs.Sha256], ct))[lfs.Sha256].UploaderId);

        // A data folder from before ownership: its rows are gone and the repository is marked.
        await db.RepoObjects.ExecuteDeleteAsync(ct);
        db.ChangeTracker.Clear();
        await db.Repositories.Where(r => r.Id == owner.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.ObjectsPending, true), ct);
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<HubPlatform.Storage.Trees.ObjectOwnershipBackfill>().RunAsync(ct));

        Assert.Equal(lfs.Size, (await objects.OwnedAsync(owner.Id, [lfs.Sha256], ct))[lfs.Sha256].Size);
        Assert.Empty(await objects.OwnedAsync(other.Id, [lfs.Sha256], ct));
        Assert.False(await db.Repositories.AnyAsync(r => r.ObjectsPending, ct));
    }

    [Fact]
    public async Task Fsck_repair_keeps_young_blobs_pending_uploads_and_blobs_referenced_while_it_ran()
    {
        await using var storage = await StorageFixture.CreateAsync();
        await using var scope = storage.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepositoryService>();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var blobs = storage.Services.GetRequiredService<IBlobStore>();
        var checker = scope.ServiceProvider.GetRequiredService<StoreChecker>();
        var ct = TestContext.Current.CancellationToken;
        var repo = await repos.CreateAsync(RepoType.Model, RepoId.Parse("acme/grace"), false, "alice", ct);
        async Task<string> OldBlobAsync(byte value)
        {
            var blob = await blobs.WriteAsync(new MemoryStream([value, value]), null, null, 10, ct);
            File.SetLastWriteTimeUtc(blobs.PathOf(blob.Sha256), DateTime.UtcNow.AddDays(-2));
            return blob.Sha256;
        }

        var young = (await blobs.WriteAsync(new MemoryStream([1]), null, null, 10, ct)).Sha256;
        var uploaded = await OldBlobAsync(2);
        await scope.ServiceProvider.GetRequiredService<LfsObjects>().RecordUploadAsync(repo.Id, uploaded, 2, 1, ct);
        var touched = await OldBlobAsync(3);
        db.Blobs.Add(new HubPlatform.Storage.Entities.BlobEntity { Sha256 = touched, Size = 2, ReferencedAt = DateTimeOffset.UtcNow.AddHours(1) });
        await db.SaveChangesAsync(ct);
        var garbage = await OldBlobAsync(4);

        var report = await checker.CheckAsync(repair: true, ct);

        Assert.Equal([young], report.SkippedYoung);
        Assert.Equal([touched], report.SkippedReferenced);
        Assert.Equal(1, report.Removed);
        Assert.False(blobs.Exists(garbage));
        Assert.True(blobs.Exists(young) && blobs.Exists(uploaded) && blobs.Exists(touched));
    }

    [Fact]
    public async Task Fsck_repair_racing_commits_never_removes_what_they_reference()
    {
        await using var storage = await StorageFixture.CreateAsync();
        var blobs = storage.Services.GetRequiredService<IBlobStore>();
        var ct = TestContext.Current.CancellationToken;
        HubPlatform.Storage.Entities.RepositoryEntity repo;
        await using (var scope = storage.Services.CreateAsyncScope())
        {
            repo = await scope.ServiceProvider.GetRequiredService<RepositoryService>().CreateAsync(RepoType.Model, RepoId.Parse("acme/race"), false, "alice", ct);
        }

        // Garbage old enough to remove, whose content the commits below store again.
        var contents = Enumerable.Range(0, 20).Select(i => Encoding.UTF8.GetBytes($"file {i}")).ToList();
        foreach (var content in contents)
        {
            var blob = await blobs.WriteAsync(new MemoryStream(content), null, null, 100, ct);
            File.SetLastWriteTimeUtc(blobs.PathOf(blob.Sha256), DateTime.UtcNow.AddDays(-2));
        }

        using var stop = new CancellationTokenSource();
        var fsck = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await using var scope = storage.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<StoreChecker>().CheckAsync(repair: true, ct);
            }
        }, ct);
        for (var i = 0; i < contents.Count; i++)
        {
            await using var scope = storage.Services.CreateAsyncScope();
            var commits = scope.ServiceProvider.GetRequiredService<CommitService>();
            var stored = await commits.StageBytesAsync(contents[i], ct);
            await commits.CommitAsync(repo, new CommitRequest { Branch = "main", Title = $"c{i}", AuthorName = "alice", Operations = [stored with { Path = $"f{i}.txt" }] }, ct);
        }

        await stop.CancelAsync();
        await fsck;
        await using (var scope = storage.Services.CreateAsyncScope())
        {
            var final = await scope.ServiceProvider.GetRequiredService<StoreChecker>().CheckAsync(repair: false, ct);
            Assert.Empty(final.MissingForRows);
            Assert.False(final.Damaged);
        }
    }

    [Fact]
    public async Task Fsck_finds_corrupt_missing_and_unreferenced_blobs_and_repair_removes_only_garbage()
    {
        await using var storage = await StorageFixture.CreateAsync();
        await using var scope = storage.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepositoryService>();
        var commits = scope.ServiceProvider.GetRequiredService<CommitService>();
        var blobs = storage.Services.GetRequiredService<IBlobStore>();
        var checker = scope.ServiceProvider.GetRequiredService<StoreChecker>();
        var ct = TestContext.Current.CancellationToken;
        var repo = await repos.CreateAsync(RepoType.Model, RepoId.Parse("acme/fsck"), false, "alice", ct);
        var a = await commits.StageTextAsync("aaaa", ct);
        var b = await commits.StageTextAsync("bbbb", ct);
        await commits.CommitAsync(repo, new CommitRequest { Branch = "main", Title = "t", AuthorName = "alice", Operations = [a with { Path = "a.txt" }, b with { Path = "b.txt" }] }, ct);

        Assert.False((await checker.CheckAsync(repair: false, ct)).Damaged);

        var garbage = await blobs.WriteAsync(new MemoryStream(new byte[] { 1, 2, 3 }), null, null, 10, ct);
        File.SetLastWriteTimeUtc(blobs.PathOf(garbage.Sha256), DateTime.UtcNow.AddDays(-2));
        await File.WriteAllTextAsync(blobs.PathOf(a.Sha256), "tampered", ct);
        blobs.Delete(b.Sha256);

        var report = await checker.CheckAsync(repair: false, ct);
        Assert.True(report.Damaged);
        Assert.Equal([a.Sha256], report.Corrupt);
        Assert.Equal([b.Sha256], report.MissingForRows);
        Assert.Equal([garbage.Sha256], report.Unreferenced);

        var stale = Path.Combine(storage.Folder, "blobs", "tmp", "left-by-a-killed-upload");
        var fresh = Path.Combine(storage.Folder, "blobs", "tmp", "upload-in-progress");
        await File.WriteAllBytesAsync(stale, [1], ct);
        await File.WriteAllBytesAsync(fresh, [1], ct);
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-2));
        var abandoned = Directory.CreateDirectory(Path.Combine(storage.Folder, "uploads", new string('a', 64))).FullName;
        var resumable = Directory.CreateDirectory(Path.Combine(storage.Folder, "uploads", new string('b', 64))).FullName;
        foreach (var folder in new[] { abandoned, resumable })
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, "data"), [1], ct);
            await File.WriteAllTextAsync(Path.Combine(folder, "1.etag"), "x", ct);
        }

        File.SetLastWriteTimeUtc(Path.Combine(abandoned, "data"), DateTime.UtcNow.AddDays(-2));
        File.SetLastWriteTimeUtc(Path.Combine(abandoned, "1.etag"), DateTime.UtcNow.AddDays(-2));
        var dry = await checker.CheckAsync(repair: false, ct);
        Assert.Equal((1, 1), (dry.StaleTemporaryFiles, dry.AbandonedUploads));

        var repaired = await checker.CheckAsync(repair: true, ct);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
        Assert.False(Directory.Exists(abandoned));
        Assert.True(Directory.Exists(resumable), "a recent multipart upload may still be resumed");
        Assert.Equal(1, repaired.Removed);
        Assert.False(blobs.Exists(garbage.Sha256));
        Assert.True(File.Exists(blobs.PathOf(a.Sha256)), "repair must never delete what a row references");
    }

    [Fact]
    public async Task Fsck_reports_small_and_chunked_folders_whose_entries_do_not_hash_to_their_id()
    {
        await using var storage = await StorageFixture.CreateAsync();
        await using var scope = storage.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepositoryService>();
        var commits = scope.ServiceProvider.GetRequiredService<CommitService>();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var checker = scope.ServiceProvider.GetRequiredService<StoreChecker>();
        var ct = TestContext.Current.CancellationToken;
        var repo = await repos.CreateAsync(RepoType.Model, RepoId.Parse("acme/trees"), false, "alice", ct);
        var operations = new List<CommitOperation>();
        for (var i = 0; i < 100; i++)
        {
            operations.Add(await commits.StageTextAsync($"big {i}", ct) with { Path = $"big/f{i:D3}.txt" });
        }

        operations.Add(await commits.StageTextAsync("small", ct) with { Path = "small/a.txt" });
        var head = await commits.CommitAsync(repo, new CommitRequest { Branch = "main", Title = "t", AuthorName = "alice", Operations = operations }, ct);
        Assert.Empty((await checker.CheckAsync(repair: false, ct)).TreeProblems);

        var big = (await repos.EntryAsync(repo, head, "big", ct))!.ChildId;
        var small = (await repos.EntryAsync(repo, head, "small", ct))!.ChildId;
        await db.Trees.Where(t => t.Id == big || t.Id == small).ExecuteUpdateAsync(u => u.SetProperty(t => t.GitId, new string('0', 40)), ct);

        var report = await checker.CheckAsync(repair: false, ct);
        Assert.True(report.Damaged);
        Assert.Equal(2, report.TreeProblems.Count);
        Assert.Contains(report.TreeProblems, p => p.StartsWith($"tree node {big}:", StringComparison.Ordinal));
        Assert.Contains(report.TreeProblems, p => p.StartsWith($"tree node {small}:", StringComparison.Ordinal));
    }
}
