using System.Text;
using HubPlatform.Hub;
using HubPlatform.Storage;
using Microsoft.Extensions.Options;

namespace HubPlatform.BlobStore.FileSystem.Tests;

public sealed class FileSystemBlobStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hubplatform-blob-tests", Guid.NewGuid().ToString("N"));
    private readonly FileSystemBlobStore _blobs;

    public FileSystemBlobStoreTests() => _blobs = new FileSystemBlobStore(Options.Create(new StorageOptions { DataDirectory = _folder }));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task FileSystemBlobStore_keeps_nothing_when_bytes_do_not_match_the_announcement()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Encoding.UTF8.GetBytes("hello");

        var stored = await _blobs.WriteAsync(new MemoryStream(data), Sha256Hash.Compute(data), data.Length, 100, ct);
        Assert.Equal(Sha256Hash.Compute(data), stored.Sha256);
        Assert.True(_blobs.Exists(stored.Sha256));

        var other = Encoding.UTF8.GetBytes("other");
        await Assert.ThrowsAsync<BlobMismatchException>(() => _blobs.WriteAsync(new MemoryStream(other), Sha256Hash.Compute(data), other.Length, 100, ct));
        await Assert.ThrowsAsync<BlobMismatchException>(() => _blobs.WriteAsync(new MemoryStream(other), null, 3, 100, ct));
        await Assert.ThrowsAsync<BlobMismatchException>(() => _blobs.WriteAsync(new MemoryStream(new byte[200]), null, null, 100, ct));
        Assert.False(_blobs.Exists(Sha256Hash.Compute(other)));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_folder, "blobs", "tmp")));
    }

    [Fact]
    public async Task FileSystemBlobStore_files_blobs_under_two_levels_of_their_hash_and_lists_and_deletes_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Encoding.UTF8.GetBytes("layout");
        var sha = (await _blobs.WriteAsync(new MemoryStream(data), null, null, 100, ct)).Sha256;

        Assert.Equal(Path.Combine(_folder, "blobs", sha[..2], sha[2..4], sha), _blobs.PathOf(sha));
        Assert.Equal(data, await File.ReadAllBytesAsync(_blobs.PathOf(sha), ct));
        Assert.Equal(data.Length, _blobs.SizeOf(sha));
        Assert.Equal([sha], _blobs.List());
        _blobs.Delete(sha);
        Assert.False(_blobs.Exists(sha));
        Assert.Null(_blobs.SizeOf(sha));
        Assert.False(_blobs.Exists("../../etc/passwd"));
    }

    [Fact]
    public async Task FileSystemBlobStore_leaves_nothing_of_a_write_that_is_abandoned()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var writer = _blobs.BeginWrite())
        {
            await writer.WriteAsync("half"u8.ToArray(), ct);
        }

        Assert.Empty(_blobs.List());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_folder, "blobs", "tmp")));
    }

    [Fact]
    public async Task FileSystemBlobStore_adopts_a_file_only_when_it_matches_and_then_moves_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var file = Path.Combine(_folder, "upload.part");
        await File.WriteAllTextAsync(file, "adopted", ct);
        var sha = Sha256Hash.Compute("adopted"u8.ToArray());

        await Assert.ThrowsAsync<BlobMismatchException>(() => _blobs.AdoptAsync(file, sha, 6, ct));
        Assert.True(File.Exists(file));
        Assert.False(_blobs.Exists(sha));

        Assert.Equal(new StoredBlob(sha, 7), await _blobs.AdoptAsync(file, sha, 7, ct));
        Assert.False(File.Exists(file));
        Assert.True(_blobs.Exists(sha));
    }
}
