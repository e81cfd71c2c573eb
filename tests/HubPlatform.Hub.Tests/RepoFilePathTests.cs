using HubPlatform.Hub;

namespace HubPlatform.Hub.Tests;

public class RepoFilePathTests
{
    [Theory]
    [InlineData("config.json")]
    [InlineData("onnx/model.onnx")]
    [InlineData(".gitattributes")]
    [InlineData("a b/ü.txt")]
    public void Valid_paths_pass(string path) => Assert.True(RepoFilePath.IsValid(path));

    [Theory]
    [InlineData("")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b")]
    [InlineData("..")]
    [InlineData("./a")]
    [InlineData("a\\b")]
    [InlineData("a\u0000b")]
    [InlineData("a//b")]
    [InlineData(".git/config")]
    [InlineData("dir/")]
    public void Invalid_paths_fail_with_a_reason(string path)
    {
        Assert.NotNull(RepoFilePath.Problem(path));
        Assert.Throws<ArgumentException>(() => RepoFilePath.Validate(path));
    }

    [Fact]
    public void UnderFolder_keeps_the_result_inside_the_folder()
    {
        var root = Path.Combine(Path.GetTempPath(), "root");
        Assert.Equal(Path.Combine(root, "a", "b.txt"), RepoFilePath.UnderFolder(root, "a/b.txt"));
        Assert.Throws<ArgumentException>(() => RepoFilePath.UnderFolder(root, "../x"));
    }

    [Fact]
    public void EscapeSegments_keeps_slashes_and_escapes_the_rest()
    {
        Assert.Equal("a%20b/c%23d.txt", RepoFilePath.EscapeSegments("a b/c#d.txt"));
    }
}
