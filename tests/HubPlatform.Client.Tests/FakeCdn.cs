using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Types;
using WireMock.Util;

namespace HubPlatform.Client.Tests;

/// <summary>Registers the blobs of LFS files on a FakeHub acting as the CDN (reached as 127.0.0.1, another origin).</summary>
internal static class FakeCdn
{
    public static void Serve(FakeHub cdn, params FakeFile[] files)
    {
        foreach (var file in files)
        {
            cdn.Server.Given(Request.Create().WithPath($"/blobs/{file.Sha256}").UsingMethod("GET", "HEAD"))
                .RespondWith(Response.Create().WithCallback(request =>
                    FakeHub.Serve(new ResponseMessage { Headers = new Dictionary<string, WireMockList<string>>() }, request, file.Content, file.Sha256, file.Path)));
        }
    }
}
