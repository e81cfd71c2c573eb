using System.Net;
using System.Security.Cryptography;
using HubPlatform.Client;
using HubPlatform.Client.Commits;
using HubPlatform.Client.Errors;
using HubPlatform.Hub;

namespace HubPlatform.Mirror.Tests;

/// <summary>Our SDK's uploads (commit, LFS basic and multipart, folders) against a running mirror.</summary>
public sealed class CommitsClientAgainstMirrorTests : IAsyncLifetime
{
    private readonly MirrorServer _server = new()
    {
        Configure = o =>
        {
            o.MultipartThresholdBytes = 100_000_000;
            o.MultipartChunkBytes = 64_000_000;
        },
    };

    private readonly string _work = Path.Combine(Path.GetTempPath(), "hubplatform-upload-tests", Guid.NewGuid().ToString("N"));
    private HubClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        await _server.InitializeAsync();
        Directory.CreateDirectory(_work);
        _client = CreateClient(null);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    private HubClient CreateClient(HttpMessageHandler? handler) => HubClient.Create(
        new HubClientOptions
        {
            Endpoint = _server.Url,
            Token = _server.WriteToken,
            CacheDirectory = Path.Combine(_work, "cache"),
            UploadStateDirectory = Path.Combine(_work, "upload-state"),
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        },
        handler);

    private static string Sha(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private async Task<List<string>> RemoteFilesAsync(RepoId repo, CancellationToken ct)
    {
        var files = new List<string>();
        await foreach (var entry in _client.Repos.ListTreeAsync(repo, recursive: true, cancellationToken: ct))
        {
            if (entry.IsFile)
            {
                files.Add(entry.Path);
            }
        }

        return files;
    }

    private async Task<string> RemoteShaAsync(RepoId repo, string path, CancellationToken ct)
    {
        await using var stream = await _client.Files.OpenReadAsync(repo, path, cancellationToken: ct);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    private static void WriteRandom(string path, long size)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        var buffer = new byte[1 << 20];
        for (long left = size; left > 0; left -= buffer.Length)
        {
            RandomNumberGenerator.Fill(buffer);
            file.Write(buffer, 0, (int)Math.Min(buffer.Length, left));
        }
    }

    [Fact]
    public async Task A_folder_of_200_small_files_and_two_200_MB_files_goes_up_in_one_commit_and_a_reupload_sends_no_lfs_bytes()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = RepoId.Parse("acme/folder");
        await _client.Repos.CreateAsync(repo, cancellationToken: ct);
        await _client.Repos.CreateAsync(repo, existOk: true, cancellationToken: ct);
        var folder = Path.Combine(_work, "folder");
        for (var i = 0; i < 200; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(Directory.CreateDirectory(Path.Combine(folder, $"d{i % 7}")).FullName, $"f{i}.txt"), $"file {i}\n", ct);
        }

        WriteRandom(Path.Combine(folder, "weights", "a.bin"), 200_000_000);
        WriteRandom(Path.Combine(folder, "weights", "b.bin"), 200_000_000);
        await File.WriteAllTextAsync(Path.Combine(folder, ".gitignore"), "*.log\n/scratch/\n", ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "train.log"), "noise", ct);
        Directory.CreateDirectory(Path.Combine(folder, "scratch"));
        await File.WriteAllTextAsync(Path.Combine(folder, "scratch", "x.txt"), "noise", ct);
        Directory.CreateDirectory(Path.Combine(folder, ".git"));
        await File.WriteAllTextAsync(Path.Combine(folder, ".git", "HEAD"), "ref: refs/heads/main", ct);
        var stages = new List<UploadStage>();

        var first = await _client.Commits.UploadFolderAsync(repo, folder, new UploadFolderOptions { Title = "Add model" }, new SyncProgress<UploadProgress>(p => stages.Add(p.Stage)), ct);

        Assert.Single(first);
        Assert.Equal(2, first[0].LfsObjectsUploaded);
        Assert.Equal(400_000_000, first[0].LfsBytesUploaded);
        Assert.Contains(UploadStage.Hashing, stages);
        Assert.Contains(UploadStage.Uploading, stages);
        var files = await RemoteFilesAsync(repo, ct);

        Assert.Equal(200 + 2 + 2, files.Count); // + .gitattributes and .gitignore
        Assert.DoesNotContain("train.log", files);
        Assert.DoesNotContain(files, f => f.StartsWith("scratch/", StringComparison.Ordinal) || f.StartsWith(".git/", StringComparison.Ordinal));
        Assert.Equal(Sha(Path.Combine(folder, "weights", "a.bin")), await RemoteShaAsync(repo, "weights/a.bin", ct));
        Assert.Equal(Sha(Path.Combine(folder, "weights", "b.bin")), await RemoteShaAsync(repo, "weights/b.bin", ct));
        Assert.Equal("file 123\n", await (await _client.Files.OpenReadAsync(repo, "d4/f123.txt", cancellationToken: ct)).ReadAllTextAsync(ct));

        // Nothing changed: no commit. One small file changed: a commit that sends no LFS bytes.
        var same = await _client.Commits.UploadFolderAsync(repo, folder, cancellationToken: ct);
        Assert.Equal(first[0].CommitId, same[0].CommitId);
        await File.WriteAllTextAsync(Path.Combine(folder, "d0", "f0.txt"), "changed\n", ct);
        var second = await _client.Commits.UploadFolderAsync(repo, folder, cancellationToken: ct);
        Assert.NotEqual(first[0].CommitId, second[0].CommitId);
        Assert.Equal((0, 0L), (second[0].LfsObjectsUploaded, second[0].LfsBytesUploaded));
    }

    [Fact]
    public async Task A_stale_parent_commit_is_refused_with_412_and_nothing_changes()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = RepoId.Parse("acme/stale");
        await _client.Repos.CreateAsync(repo, cancellationToken: ct);
        var before = await _client.Commits.CreateCommitAsync(repo, [CommitOperationAdd.FromBytes("a.txt", "one"u8.ToArray())], "one", cancellationToken: ct);
        await _client.Commits.CreateCommitAsync(repo, [CommitOperationAdd.FromBytes("a.txt", "two"u8.ToArray())], "two", parentCommit: before.CommitId, cancellationToken: ct);

        var refused = await Assert.ThrowsAnyAsync<HubHttpException>(() =>
            _client.Commits.CreateCommitAsync(repo, [CommitOperationAdd.FromBytes("a.txt", "three"u8.ToArray())], "three", parentCommit: before.CommitId, cancellationToken: ct));

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("two", await (await _client.Files.OpenReadAsync(repo, "a.txt", cancellationToken: ct)).ReadAllTextAsync(ct));
    }

    [Fact]
    public async Task Deletions_copies_delete_patterns_and_split_commits_do_what_they_say()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = RepoId.Parse("acme/ops");
        await _client.Repos.CreateAsync(repo, cancellationToken: ct);
        var weights = RandomNumberGenerator.GetBytes(12_000_000);
        var made = await _client.Commits.CreateCommitAsync(repo,
            [
                CommitOperationAdd.FromBytes("w.bin", weights),
                CommitOperationAdd.FromStream("conf/a.json", () => new MemoryStream("{}"u8.ToArray())),
                CommitOperationAdd.FromBytes("conf/b.json", "[]"u8.ToArray()),
                CommitOperationAdd.FromBytes("old/x.txt", "x"u8.ToArray()),
            ], "seed", description: "Seeding the repository", cancellationToken: ct);
        Assert.Equal(1, made.LfsObjectsUploaded);

        var copied = await _client.Commits.CreateCommitAsync(repo,
            [
                new CommitOperationCopy("w.bin", "copy/w.bin"),
                new CommitOperationCopy("conf/a.json", "copy/a.json"),
                new CommitOperationDelete("old", isFolder: true),
                new CommitOperationDelete("conf/b.json"),
            ], "copy and delete", cancellationToken: ct);
        Assert.Equal(0, copied.LfsObjectsUploaded);
        var paths = await RemoteFilesAsync(repo, ct);

        Assert.Equal([".gitattributes", "conf/a.json", "copy/a.json", "copy/w.bin", "w.bin"], paths.Order(StringComparer.Ordinal));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(weights)), await RemoteShaAsync(repo, "copy/w.bin", ct));

        var folder = Path.Combine(_work, "split");
        for (var i = 0; i < 12; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(Directory.CreateDirectory(folder).FullName, $"n{i:00}.txt"), $"{i}", ct);
        }

        var commits = await _client.Commits.UploadFolderAsync(repo, folder, new UploadFolderOptions { PathInRepo = "conf", FilesPerCommit = 5, Delete = ["*.json"] }, cancellationToken: ct);
        Assert.Equal(3, commits.Count);
        var history = new List<string>();
        await foreach (var c in _client.Repos.ListCommitsAsync(repo, cancellationToken: ct))
        {
            history.Add(c.Title);
        }

        Assert.Equal("Upload folder using HubPlatform (part 3 of 3)", history[0]);
        Assert.False(await _client.Files.FileExistsAsync(repo, "conf/a.json", cancellationToken: ct));
        Assert.True(await _client.Files.FileExistsAsync(repo, "copy/a.json", cancellationToken: ct));
        Assert.True(await _client.Files.FileExistsAsync(repo, "conf/n11.txt", cancellationToken: ct));
    }

    [Fact]
    public async Task Repos_branches_tags_settings_and_moves_are_managed_through_the_sdk()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = RepoId.Parse("acme/admin");
        var url = await _client.Repos.CreateAsync(repo, RepoType.Dataset, isPrivate: true, cancellationToken: ct);
        Assert.Equal($"{_server.Url.ToString().TrimEnd('/')}/datasets/acme/admin", url.ToString());
        await Assert.ThrowsAnyAsync<HubHttpException>(() => _client.Repos.CreateAsync(repo, RepoType.Dataset, cancellationToken: ct));

        await _client.Repos.CreateBranchAsync(repo, "dev", type: RepoType.Dataset, cancellationToken: ct);
        await _client.Repos.CreateBranchAsync(repo, "dev", type: RepoType.Dataset, existOk: true, cancellationToken: ct);
        await _client.Repos.CreateTagAsync(repo, "v1", type: RepoType.Dataset, cancellationToken: ct);
        var refs = await _client.Repos.GetRefsAsync(repo, RepoType.Dataset, cancellationToken: ct);
        Assert.Equal(["dev", "main"], refs.Branches.Select(b => b.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["v1"], refs.Tags.Select(t => t.Name));
        await _client.Repos.DeleteBranchAsync(repo, "dev", RepoType.Dataset, ct);
        await _client.Repos.DeleteTagAsync(repo, "v1", RepoType.Dataset, ct);
        Assert.Single((await _client.Repos.GetRefsAsync(repo, RepoType.Dataset, cancellationToken: ct)).Branches);

        await _client.Repos.UpdateSettingsAsync(repo, RepoType.Dataset, isPrivate: false, cancellationToken: ct);
        using var anonymous = _server.Http(null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/datasets/acme/admin", ct)).StatusCode);

        await _client.Repos.MoveAsync(repo, RepoId.Parse("acme/admin2"), RepoType.Dataset, ct);
        Assert.Equal("acme/admin2", (await _client.Datasets.GetAsync(RepoId.Parse("acme/admin"), cancellationToken: ct)).Id);
        await _client.Repos.DeleteAsync(RepoId.Parse("acme/admin2"), RepoType.Dataset, cancellationToken: ct);
        await _client.Repos.DeleteAsync(RepoId.Parse("acme/admin2"), RepoType.Dataset, missingOk: true, cancellationToken: ct);
        await Assert.ThrowsAsync<RepositoryNotFoundException>(() => _client.Repos.DeleteAsync(RepoId.Parse("acme/admin2"), RepoType.Dataset, cancellationToken: ct));
    }

    [Fact]
    public async Task UploadFile_DeleteFile_and_DeleteFolder_each_make_one_commit()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = RepoId.Parse("acme/single");
        await _client.Repos.CreateAsync(repo, cancellationToken: ct);
        var local = Path.Combine(_work, "one.txt");
        await File.WriteAllTextAsync(local, "one", ct);

        var added = await _client.Commits.UploadFileAsync(repo, local, "docs/one.txt", cancellationToken: ct);
        await _client.Commits.UploadFileAsync(repo, local, "keep.txt", "Keep one", cancellationToken: ct);
        var deleted = await _client.Commits.DeleteFileAsync(repo, "keep.txt", cancellationToken: ct);
        var folder = await _client.Commits.DeleteFolderAsync(repo, "docs", cancellationToken: ct);

        Assert.Equal(3, new[] { added.CommitId, deleted.CommitId, folder.CommitId }.Distinct().Count());
        var titles = new List<string>();
        await foreach (var c in _client.Repos.ListCommitsAsync(repo, cancellationToken: ct))
        {
            titles.Add(c.Title);
        }

        Assert.Equal(["Delete folder docs", "Delete keep.txt", "Keep one", "Upload docs/one.txt", "initial commit"], titles);
        Assert.False(await _client.Files.FileExistsAsync(repo, "docs/one.txt", cancellationToken: ct));
        await Assert.ThrowsAsync<EntryNotFoundException>(() => _client.Commits.DeleteFileAsync(repo, "keep.txt", cancellationToken: ct));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_folder_of_symbolic_links_like_a_cache_snapshot_uploads_what_they_point_to_and_special_files_do_not_hang_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = RepoId.Parse("acme/from-snapshot");
        await _client.Repos.CreateAsync(repo, cancellationToken: ct);
        var blobs = Path.Combine(_work, "snap", "blobs");
        var snapshot = Path.Combine(_work, "snap", "snapshots", "abc");
        Directory.CreateDirectory(blobs);
        Directory.CreateDirectory(Path.Combine(snapshot, "onnx"));
        await File.WriteAllTextAsync(Path.Combine(blobs, "config"), """{"model_type":"bert"}""", ct);
        WriteRandom(Path.Combine(blobs, "weights"), 12_000_000);
        File.CreateSymbolicLink(Path.Combine(snapshot, "config.json"), "../../blobs/config");
        File.CreateSymbolicLink(Path.Combine(snapshot, "onnx", "model.onnx"), Path.Combine(blobs, "weights"));
        File.CreateSymbolicLink(Path.Combine(snapshot, "dangling.txt"), "../../blobs/nothing-here");
        Directory.CreateSymbolicLink(Path.Combine(snapshot, "onnx", "loop"), snapshot);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(snapshot, "pipe"))!)
        {
            await mkfifo.WaitForExitAsync(ct);
        }

        await _client.Commits.UploadFolderAsync(repo, snapshot, cancellationToken: ct);

        var files = await RemoteFilesAsync(repo, ct);

        // The FIFO reports no length, so it is sent empty without being opened (opening it would wait for a writer forever).
        Assert.Equal([".gitattributes", "config.json", "onnx/model.onnx", "pipe"], files.Order(StringComparer.Ordinal));
        Assert.Equal(Sha(Path.Combine(blobs, "config")), await RemoteShaAsync(repo, "config.json", ct));
        Assert.Equal(Sha(Path.Combine(blobs, "weights")), await RemoteShaAsync(repo, "onnx/model.onnx", ct));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(ReadOnlySpan<byte>.Empty)), await RemoteShaAsync(repo, "pipe", ct));
    }

    [Fact]
    public async Task An_interrupted_multipart_upload_run_again_sends_only_the_parts_it_had_not_sent()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = RepoId.Parse("acme/resume");
        await _client.Repos.CreateAsync(repo, cancellationToken: ct);
        var path = Path.Combine(_work, "resume.bin");
        WriteRandom(path, 300_000_000); // 5 parts of 64 MB

        using (var broken = CreateClient(new PartCounter(failFromPart: 3)))
        {
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => broken.Commits.UploadFileAsync(repo, path, "resume.bin", cancellationToken: ct));
        }

        Assert.Single(Directory.GetFiles(Path.Combine(_work, "upload-state")));
        var counter = new PartCounter(failFromPart: int.MaxValue);
        using (var again = CreateClient(counter))
        {
            await again.Commits.UploadFileAsync(repo, path, "resume.bin", cancellationToken: ct);
        }

        Assert.Equal([3, 4, 5], counter.Sent.Order());
        Assert.Empty(Directory.GetFiles(Path.Combine(_work, "upload-state")));
        Assert.Equal(Sha(path), await RemoteShaAsync(repo, "resume.bin", ct));
    }

    /// <summary>Counts part uploads by number, and fails those from a given part on as a dropped connection would.</summary>
    private sealed class PartCounter(int failFromPart) : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly System.Collections.Concurrent.ConcurrentBag<int> _sent = [];

        public IEnumerable<int> Sent => _sent;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Put && request.RequestUri!.AbsolutePath == "/lfs/part")
            {
                var part = int.Parse(System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query)["part"]!, System.Globalization.CultureInfo.InvariantCulture);
                if (part >= failFromPart)
                {
                    throw new HttpRequestException($"connection dropped while sending part {part}");
                }

                _sent.Add(part);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        private readonly Lock _gate = new();

        public void Report(T value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}

internal static class StreamText
{
    public static async Task<string> ReadAllTextAsync(this Stream stream, CancellationToken ct)
    {
        await using (stream)
        {
            using var reader = new StreamReader(stream);
            return await reader.ReadToEndAsync(ct);
        }
    }
}
