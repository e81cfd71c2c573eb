using HubPlatform.Client.Http;

namespace HubPlatform.Client.Tests;

public class LinkHeaderTests
{
    [Theory]
    [InlineData("<https://hub.example/api/models?cursor=a,b>; rel=\"next\"", "https://hub.example/api/models?cursor=a,b")]
    [InlineData("<https://h/prev>; rel=\"prev\", <https://h/next>; rel=\"next\"", "https://h/next")]
    [InlineData("<https://h/n>; rel=next", "https://h/n")]
    [InlineData("</api/models?cursor=x>; rel=\"next\"", "https://base.example/api/models?cursor=x")]
    [InlineData("<https://h/p>; rel=\"prev\"", null)]
    public void Next_finds_the_next_target(string header, string? expected)
    {
        Assert.Equal(expected, LinkHeader.Next([header], new Uri("https://base.example/api/models"))?.ToString());
    }
}
