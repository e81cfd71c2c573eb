using HubPlatform.Hub;

namespace HubPlatform.Hub.Tests;

public class LfsPointerTests
{
    private const string Oid = "4b8e2c3f6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f";

    [Fact]
    public void Text_is_the_three_lines_git_lfs_writes()
    {
        var pointer = new LfsPointer(Oid, 17549312);
        Assert.Equal($"version https://git-lfs.github.com/spec/v1\noid sha256:{Oid}\nsize 17549312\n", pointer.Text);
    }

    [Theory]
    [InlineData(0, 126)]
    [InlineData(5, 126)]
    [InlineData(17549312, 133)]
    [InlineData(5368709120, 135)]
    public void PointerSize_is_125_plus_the_digits_of_the_size(long size, int expected)
    {
        Assert.Equal(expected, new LfsPointer(Oid, size).PointerSize);
    }

    [Fact]
    public void TryParse_round_trips_and_accepts_crlf_and_extra_keys()
    {
        var pointer = new LfsPointer(Oid, 42);
        Assert.True(LfsPointer.TryParse(pointer.Text, out var back));
        Assert.Equal(pointer, back);

        var crlf = $"version https://git-lfs.github.com/spec/v1\r\next-0-foo sha256:00\r\noid sha256:{Oid}\r\nsize 42\r\n";
        Assert.True(LfsPointer.TryParse(crlf, out var fromCrlf));
        Assert.Equal(42, fromCrlf.Size);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("version x\noid sha256:abc\nsize 3\n")]
    [InlineData("version x\nsize 3\n\n")]
    public void TryParse_rejects_what_is_not_a_pointer(string text)
    {
        Assert.False(LfsPointer.TryParse(text, out _));
    }

    [Fact]
    public void GitBlobId_is_the_sha1_of_the_pointer_file()
    {
        var pointer = new LfsPointer(Oid, 42);
        Assert.Equal(GitBlobId.Compute(pointer.ToBytes()), pointer.GitBlobId);
    }

    [Fact]
    public void Constructor_rejects_a_bad_oid()
    {
        Assert.Throws<ArgumentException>(() => new LfsPointer("abc", 1));
    }
}
