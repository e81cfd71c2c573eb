using HubPlatform.Client.Files;

namespace HubPlatform.Client.Tests;

public sealed class GitIgnoreTests
{
    private const string Rules = """
        # build output
        *.log
        /dist
        cache/
        docs/*.tmp
        !keep.log
        \#literal
        """;

    [Theory]
    [InlineData("train.log", true)]
    [InlineData("deep/run/train.log", true)]
    [InlineData("keep.log", false)]
    [InlineData("dist", true)]
    [InlineData("dist/model.bin", true)]
    [InlineData("sub/dist/model.bin", false)]
    [InlineData("cache/a.bin", true)]
    [InlineData("sub/cache/a.bin", true)]
    [InlineData("cache", false)]
    [InlineData("docs/x.tmp", true)]
    [InlineData("docs/sub/x.tmp", false)]
    [InlineData("#literal", true)]
    [InlineData("model.safetensors", false)]
    public void IsIgnored_follows_git_rules_for_anchoring_folders_negation_and_order(string path, bool ignored) =>
        Assert.Equal(ignored, new GitIgnore(Rules).IsIgnored(path));

    [Theory]
    [InlineData("build/keep.txt", true)]
    [InlineData("build", false)]
    [InlineData("logs/keep.log", false)]
    [InlineData("logs/other.log", true)]
    public void A_file_inside_an_ignored_folder_cannot_be_re_included_but_one_beside_ignored_files_can(string path, bool ignored) =>
        Assert.Equal(ignored, new GitIgnore("build/\n!build/keep.txt\nlogs/*.log\n!logs/keep.log\n").IsIgnored(path));

    [Fact]
    public void An_empty_or_comment_only_file_ignores_nothing()
    {
        Assert.True(new GitIgnore("# nothing\n\n").IsEmpty);
        Assert.False(new GitIgnore(null).IsIgnored("a.txt"));
    }
}
