using System.Text;
using HubPlatform.Hub;

namespace HubPlatform.Hub.Tests;

public class GitBlobIdTests
{
    [Fact]
    public void Compute_matches_git_for_the_protocol_example()
    {
        Assert.Equal("b45ef6fec89518d314f546fd6c3025367b721684", GitBlobId.Compute("Hello, World!"u8));
    }

    [Fact]
    public void Compute_matches_git_for_the_empty_blob()
    {
        // `git hash-object /dev/null`
        Assert.Equal("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391", GitBlobId.Compute([]));
    }

    [Fact]
    public async Task ComputeAsync_streams_and_agrees_with_the_span_version()
    {
        var data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("stream me ", 50_000)));
        using var stream = new MemoryStream(data);
        Assert.Equal(GitBlobId.Compute(data), await GitBlobId.ComputeAsync(stream, data.Length, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ComputeAsync_refuses_a_stream_of_another_length()
    {
        using var stream = new MemoryStream(new byte[10]);
        await Assert.ThrowsAsync<InvalidDataException>(() => GitBlobId.ComputeAsync(stream, 11, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Sha256_of_a_file_matches_the_in_memory_hash()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, "abc"u8.ToArray(), TestContext.Current.CancellationToken);
            Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", await Sha256Hash.ComputeFileAsync(path, TestContext.Current.CancellationToken));
            Assert.Equal(Sha256Hash.Compute("abc"u8), await Sha256Hash.ComputeFileAsync(path, TestContext.Current.CancellationToken));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
