using HubPlatform.Hub;

namespace HubPlatform.Hub.Tests;

public class RepoTypeTests
{
    [Theory]
    [InlineData(RepoType.Model, "models", "", "model")]
    [InlineData(RepoType.Dataset, "datasets", "datasets/", "dataset")]
    [InlineData(RepoType.Space, "spaces", "spaces/", "space")]
    public void Spellings_follow_the_protocol(RepoType type, string api, string prefix, string singular)
    {
        Assert.Equal(api, type.ApiSegment());
        Assert.Equal(prefix, type.UrlPrefix());
        Assert.Equal(singular, type.SingularName());
        Assert.Equal(type, RepoTypeExtensions.Parse(singular));
        Assert.Equal(type, RepoTypeExtensions.Parse(api.ToUpperInvariant()));
    }

    [Fact]
    public void Parse_rejects_unknown_types()
    {
        var e = Assert.Throws<ArgumentException>(() => RepoTypeExtensions.Parse("kernel-pack"));
        Assert.Contains("model, dataset or space", e.Message, StringComparison.Ordinal);
    }
}
