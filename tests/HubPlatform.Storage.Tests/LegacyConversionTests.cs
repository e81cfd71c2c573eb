using System.Text;
using HubPlatform.Hub;
using HubPlatform.Storage.Trees;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Storage.Tests;

/// <summary>
/// A data folder made by the schema before trees (a row per file per commit) opens with the current code: the migration
/// and the converter turn its commits into trees, and every commit, ref, file and last commit is served as before.
/// </summary>
public sealed class LegacyConversionTests
{
    private const string PreviousMigration = "20261128053923_AddPullThroughCache";

    [Fact]
    public async Task A_data_folder_of_the_previous_schema_converts_and_serves_the_same_ids()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Path.Combine(Path.GetTempPath(), "hubplatform-storage-tests", Guid.NewGuid().ToString("N"));
        var old = new OldRepository();
        await using (var services = StorageFixture.Register(folder).BuildServiceProvider())
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
            await db.GetService<IMigrator>().MigrateAsync(PreviousMigration, ct);
            await old.WriteAsync(db, services.GetRequiredService<IBlobStore>(), ct);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var storage = await StorageFixture.OpenAsync(folder);
        await using var check = storage.Services.CreateAsyncScope();
        var repos = check.ServiceProvider.GetRequiredService<RepositoryService>();
        var context = check.ServiceProvider.GetRequiredService<HubDbContext>();
        var repo = (await repos.FindAsync(RepoType.Model, RepoId.Parse("acme/old"), ct))!;

        Assert.Equal(0, await context.CommitFiles.CountAsync(ct));
        Assert.Equal(old.Commits[^1].Id, await repos.ResolveAsync(repo, "main", ct));
        Assert.Equal(old.Commits[1].Id, await repos.ResolveAsync(repo, "dev", ct));
        Assert.Equal(old.Commits[0].Id, await repos.ResolveAsync(repo, "v1", ct));
        foreach (var commit in old.Commits)
        {
            var row = (await repos.CommitAsync(repo, commit.Id, ct))!;
            Assert.Equal(commit.TreeId, row.TreeId);
            Assert.NotNull(row.RootTreeId);
            var files = await repos.AllFilesAsync(repo, commit.Id, ct).ToListAsync(ct);
            Assert.Equal(
                commit.Files.Values.Select(f => (f.Path, f.BlobId, f.Size, f.Sha256, f.Lfs)).Order(),
                files.Select(f => (f.Path, f.BlobId, f.Size, f.Sha256, f.Lfs)).Order());
            var bySequence = await repos.CommitsBySequenceAsync(repo, files.Select(f => f.LastCommit), ct);
            foreach (var file in files)
            {
                Assert.Equal(commit.Files[file.Path].LastCommitId, bySequence[file.LastCommit].Id);
            }
        }

        Assert.Equal(old.Commits[^1].Files["README.md"].Sha256, (await repos.FileAsync(repo, old.Commits[^1].Id, "README.md", ct))!.Sha256);
        Assert.Equal(old.Commits[0].Files["a.txt"].Sha256, await check.ServiceProvider.GetRequiredService<CommitService>().Sha256ForBlobIdAsync(old.Commits[0].Files["a.txt"].BlobId, ct));
        Assert.False((await check.ServiceProvider.GetRequiredService<StoreChecker>().CheckAsync(repair: false, ct)).Damaged);

        // The converted history goes on: a new commit's parent is the old head.
        var commits = check.ServiceProvider.GetRequiredService<CommitService>();
        var text = await commits.StageTextAsync("after", ct);
        var next = await commits.CommitAsync(repo, new CommitRequest { Branch = "main", Title = "after", AuthorName = "alice", ParentCommit = old.Commits[^1].Id, Operations = [text with { Path = "dir/after.txt" }] }, ct);
        Assert.Equal(old.Commits[^1].Id, (await repos.CommitAsync(repo, next, ct))!.ParentId);
        Assert.Equal(102 + 3, (await repos.RootNodeAsync(repo, next, ct)).FileCount);
    }

    // A repository written the way the previous schema stored it, with ids computed as the previous code computed them.
    private sealed class OldRepository
    {
        public List<OldCommit> Commits { get; } = [];

        public async Task WriteAsync(HubDbContext db, IBlobStore blobs, CancellationToken ct)
        {
            var time = new DateTimeOffsetToBinaryConverter();
            var start = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO repositories (Id, ObjectId, Type, Namespace, Name, NamespaceLower, NameLower, Private, Gated, CreatedAt, LastModified, Downloads, Likes, Tags, FromUpstream)
                VALUES (1, {"0123456789abcdef01234567"}, 'model', 'acme', 'old', 'acme', 'old', 0, 'false', {time.ConvertToProvider(start)}, {time.ConvertToProvider(start)}, 0, 0, '', 0)
                """, ct);

            var files = new Dictionary<string, OldFile>(StringComparer.Ordinal);
            async Task PutAsync(string path, string text, string commitPlaceholder, bool lfs = false)
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                var stored = await blobs.WriteAsync(new MemoryStream(bytes), null, bytes.Length, bytes.Length, ct);
                var blobId = lfs ? new LfsPointer(stored.Sha256, stored.Size).GitBlobId : GitBlobId.Compute(bytes);
                files[path] = new OldFile(path, blobId, stored.Size, stored.Sha256, lfs, commitPlaceholder);
            }

            var steps = new List<Func<Task>>
            {
                async () =>
                {
                    await PutAsync(".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n", "?");
                    await PutAsync("README.md", "---\nlicense: mit\n---\n# Old\n", "?");
                    await PutAsync("a.txt", "a one", "?");
                    await PutAsync("dir/b.txt", "b one", "?");
                },
                async () =>
                {
                    await PutAsync("a.txt", "a two", "?");
                    await PutAsync("dir/sub/c.bin", "weights", "?", lfs: true);
                },
                async () =>
                {
                    files.Remove("dir/b.txt");
                    for (var i = 0; i < 100; i++)
                    {
                        await PutAsync($"big/f{i:D3}.txt", $"file {i}", "?");
                    }
                },
            };

            string? parent = null;
            for (var n = 0; n < steps.Count; n++)
            {
                await steps[n]();
                var treeId = GitObjects.TreeIds(files.Values.Select(f => KeyValuePair.Create(f.Path, f.BlobId)))[string.Empty];
                var date = start.AddMinutes(n);
                var message = GitObjects.Message($"step {n}", null);
                var identity = "alice <alice@users.noreply.hubplatform>";
                var id = GitObjects.CommitId(treeId, parent is null ? [] : [parent], identity, date, message);
                foreach (var (path, file) in files.Where(f => f.Value.LastCommitId == "?").ToList())
                {
                    files[path] = file with { LastCommitId = id };
                }

                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO commits (RepositoryId, Id, TreeId, ParentId, Title, Message, AuthorName, AuthorIdentity, Date, Sequence)
                    VALUES (1, {id}, {treeId}, {parent}, {$"step {n}"}, {message}, 'alice', {identity}, {time.ConvertToProvider(date)}, {n + 1})
                    """, ct);
                foreach (var f in files.Values)
                {
                    await db.Database.ExecuteSqlAsync($"""
                        INSERT INTO commit_files (RepositoryId, CommitId, Path, BlobId, Size, Sha256, Lfs, LastCommitId)
                        VALUES (1, {id}, {f.Path}, {f.BlobId}, {f.Size}, {f.Sha256}, {f.Lfs}, {f.LastCommitId})
                        """, ct);
                    await db.Database.ExecuteSqlAsync($"INSERT OR IGNORE INTO blobs (Sha256, Size, CreatedAt, Pulled, Present) VALUES ({f.Sha256}, {f.Size}, 0, 0, 1)", ct);
                }

                Commits.Add(new OldCommit(id, treeId, new Dictionary<string, OldFile>(files, StringComparer.Ordinal)));
                parent = id;
            }

            await db.Database.ExecuteSqlAsync($"INSERT INTO refs (RepositoryId, Name, CommitId) VALUES (1, 'refs/heads/main', {Commits[2].Id}), (1, 'refs/heads/dev', {Commits[1].Id}), (1, 'refs/tags/v1', {Commits[0].Id})", ct);
        }
    }

    private sealed record OldCommit(string Id, string TreeId, Dictionary<string, OldFile> Files);

    private sealed record OldFile(string Path, string BlobId, long Size, string Sha256, bool Lfs, string LastCommitId);
}
