using HubPlatform.Hub;

namespace HubPlatform.Hub.Tests;

public class GitObjectsTests
{
    // Made with git 2.39: files a.txt "z", a/b/c.txt "deep", x.txt "hello"; `git commit -m "Add files"` by
    // alice <alice@hub.local> at 1700000000 +0000.
    private static readonly Dictionary<string, string> Files = new()
    {
        ["x.txt"] = GitBlobId.Compute("hello"u8),
        ["a/b/c.txt"] = GitBlobId.Compute("deep"u8),
        ["a.txt"] = GitBlobId.Compute("z"u8),
    };

    [Fact]
    public void Tree_ids_match_git_including_the_folder_sort_order()
    {
        var ids = GitObjects.TreeIds(Files);

        Assert.Equal("e5e9977aae06ef8ac60b9d0e0762403407d99440", ids[string.Empty]);
        Assert.Equal("f41b5cf2ffe2552c6a96fe4069768ef8d2552a28", ids["a"]);
        Assert.True(ids.ContainsKey("a/b"));
    }

    [Fact]
    public void Commit_id_matches_git()
    {
        var tree = GitObjects.TreeIds(Files)[string.Empty];

        var id = GitObjects.CommitId(tree, [], "alice <alice@hub.local>", DateTimeOffset.FromUnixTimeSeconds(1700000000), GitObjects.Message("Add files", null));

        Assert.Equal("a4ec027f5f13a5a0466c90591d3b97ba8cf2de12", id);
    }

    [Fact]
    public void The_empty_tree_has_gits_well_known_id()
    {
        Assert.Equal("4b825dc642cb6eb9a060e54bf8d69288fbee4904", GitObjects.TreeIds([])[string.Empty]);
    }

    [Fact]
    public void Message_joins_title_and_description_as_git_does()
    {
        Assert.Equal("Title\n", GitObjects.Message("Title", null));
        Assert.Equal("Title\n\nMore words\n", GitObjects.Message("Title", "More words"));
    }
}
