using HubPlatform.Client.Files;

namespace HubPlatform.Client.Tests;

public sealed class GitIgnoreTreeTests
{
    [Fact]
    public async Task Nested_gitignore_files_apply_below_their_folder_and_override_the_root()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(Path.Combine(temp.Path, "sub", "deep"));
        Directory.CreateDirectory(Path.Combine(temp.Path, ".git"));
        await File.WriteAllTextAsync(Path.Combine(temp.Path, ".gitignore"), "*.log\ncache/\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(temp.Path, "sub", ".gitignore"), "!keep.log\n*.tmp\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(temp.Path, ".git", ".gitignore"), "*\n", TestContext.Current.CancellationToken);

        var tree = await GitIgnoreTree.LoadAsync(temp.Path, TestContext.Current.CancellationToken);

        Assert.True(tree.IsIgnored("a.log"));
        Assert.False(tree.IsIgnored("sub/keep.log"));
        Assert.True(tree.IsIgnored("sub/other.log"));
        Assert.True(tree.IsIgnored("sub/deep/x.tmp"));
        Assert.False(tree.IsIgnored("x.tmp"));
        Assert.True(tree.IsIgnored("sub/cache/keep.log"));
        Assert.False(tree.IsIgnored("model.safetensors"));
    }
}
