using HubPlatform.Hub;

namespace HubPlatform.Hub.Tests;

public class RevisionTests
{
    [Theory]
    [InlineData("main", "main")]
    [InlineData("v1.0", "v1.0")]
    [InlineData("refs/pr/3", "refs%2Fpr%2F3")]
    [InlineData("refs/convert/parquet", "refs%2Fconvert%2Fparquet")]
    [InlineData("feature/x y", null)]
    public void Escaped_encodes_the_revision_as_one_segment(string text, string? escaped)
    {
        if (escaped is null)
        {
            Assert.False(Revision.TryParse(text, out _));
            return;
        }

        Assert.Equal(escaped, Revision.Parse(text).Escaped);
    }

    [Fact]
    public void Kinds_are_recognised()
    {
        Assert.True(Revision.Parse(new string('a', 40)).IsCommitId);
        Assert.False(Revision.Parse(new string('a', 39)).IsCommitId);
        Assert.False(Revision.Parse("main").IsCommitId);
        Assert.Equal(12, Revision.Parse("refs/pr/12").PullRequestNumber);
        Assert.Null(Revision.Parse("refs/pr/x").PullRequestNumber);
        Assert.True(Revision.Parse("refs/pr/1").IsPullRequest);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/main")]
    [InlineData("main/")]
    [InlineData("a//b")]
    [InlineData("a..b")]
    [InlineData("a~1")]
    [InlineData("a^")]
    [InlineData("a:b")]
    [InlineData("a\\b")]
    [InlineData("a\u0000b")]
    [InlineData("x@{1}")]
    [InlineData("topic.lock")]
    [InlineData(".hidden")]
    public void Parse_rejects_names_git_refuses(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => Revision.Parse(text));
        Assert.Contains("is not a revision", e.Message, StringComparison.Ordinal);
    }
}
