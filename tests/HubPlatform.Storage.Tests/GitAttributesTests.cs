namespace HubPlatform.Storage.Tests;

public sealed class GitAttributesTests
{
    [Theory]
    [InlineData("model.safetensors", true)]
    [InlineData("sub/deep/weights.bin", true)]
    [InlineData("saved_model/variables/data", true)]
    [InlineData("runs/events.out.tfevents.1700000000", true)]
    [InlineData("archive.tar.gz", true)]
    [InlineData("config.json", false)]
    [InlineData("README.md", false)]
    public void The_default_file_puts_model_files_under_lfs_at_any_depth(string path, bool lfs) =>
        Assert.Equal(lfs, new GitAttributes(GitAttributes.DefaultText).IsLfs(path));

    [Theory]
    [InlineData("my model [v2].bin")]
    [InlineData("weights*.dat")]
    [InlineData("a\\b?.dat")]
    [InlineData("quote\"d name.dat")]
    [InlineData("#hash.dat")]
    [InlineData("!bang.dat")]
    public void A_rule_for_one_path_matches_that_path_and_no_other(string path)
    {
        var attributes = new GitAttributes(GitAttributes.RuleFor(path));

        Assert.True(attributes.IsLfs(path));
        Assert.False(attributes.IsLfs("other.dat"));
        Assert.False(attributes.IsLfs(path.Replace("[v2]", "v", StringComparison.Ordinal).Replace("*", "x", StringComparison.Ordinal).Replace("?", "y", StringComparison.Ordinal) + "2"));
    }

    [Fact]
    public void Fnmatch_classes_comments_quotes_and_folder_patterns_read_as_git_reads_them()
    {
        var attributes = new GitAttributes("""
            # comment *.txt filter=lfs
            model-0000?.bin filter=lfs diff=lfs merge=lfs -text
            "with space/*.dat" filter=lfs
            [ab].pt filter=lfs
            folder/ filter=lfs
            *.json -filter
            """);

        Assert.True(attributes.IsLfs("model-00001.bin"));
        Assert.True(attributes.IsLfs("deep/model-00002.bin"));
        Assert.False(attributes.IsLfs("model-00012.bin"));
        Assert.True(attributes.IsLfs("with space/x.dat"));
        Assert.True(attributes.IsLfs("a.pt"));
        Assert.False(attributes.IsLfs("c.pt"));
        Assert.False(attributes.IsLfs("folder/file"));
        Assert.False(attributes.IsLfs("notes.txt"));
        Assert.False(attributes.IsLfs("a.json"));
    }
}
