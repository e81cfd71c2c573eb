using HubPlatform.Hub;

namespace HubPlatform.Hub.Tests;

public class RepoIdTests
{
    [Theory]
    [InlineData("acme/tiny-bert", "acme", "tiny-bert")]
    [InlineData("gpt2", null, "gpt2")]
    [InlineData("a_b/c.d-e", "a_b", "c.d-e")]
    [InlineData("_x/_y_", "_x", "_y_")]
    public void Parse_accepts_hub_ids(string text, string? ns, string name)
    {
        var id = RepoId.Parse(text);
        Assert.Equal(ns, id.Namespace);
        Assert.Equal(name, id.Name);
        Assert.Equal(text, id.ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a/b/c", "at most one '/'")]
    [InlineData("acme/", "name is empty")]
    [InlineData("/model", "namespace is empty")]
    [InlineData("acme/-model", "start and end")]
    [InlineData("acme/model-", "start and end")]
    [InlineData("acme/.model", "start and end")]
    [InlineData("acme/mo--del", "'--'")]
    [InlineData("acme/mo..del", "'..'")]
    [InlineData("acme/model.git", ".git")]
    [InlineData("acme/mo del", "contains ' '")]
    [InlineData("ac%me/model", "contains '%'")]
    public void Parse_rejects_with_a_reason_when_a_rule_is_broken(string text, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => RepoId.Parse(text));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_rejects_parts_longer_than_96_characters()
    {
        Assert.NotNull(RepoId.Parse("a/" + new string('x', 96)));
        Assert.Throws<ArgumentException>(() => RepoId.Parse("a/" + new string('x', 97)));
        Assert.Throws<ArgumentException>(() => RepoId.Parse(new string('x', 97) + "/a"));
    }

    [Fact]
    public void TryParse_returns_false_instead_of_throwing()
    {
        Assert.False(RepoId.TryParse("bad//id", out _));
        Assert.False(RepoId.TryParse(null, out _));
        Assert.True(RepoId.TryParse("ok/id", out var id));
        Assert.Equal("ok", id.Namespace);
    }

    [Fact]
    public void Equal_ids_are_equal_records()
    {
        Assert.Equal(RepoId.Parse("a/b"), RepoId.Create("a", "b"));
        Assert.NotEqual(RepoId.Parse("a/b"), RepoId.Parse("a/c"));
    }
}
