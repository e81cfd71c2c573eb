using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HubPlatform.Hub;

namespace HubPlatform.Mirror.Tests;

public sealed class MultipartUploadTests
{
    [Fact]
    public async Task Parts_are_signed_retried_independently_checked_by_etag_and_joined()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new MirrorServer { Configure = o => (o.MultipartThresholdBytes, o.MultipartChunkBytes) = (1000, 400) };
        await server.InitializeAsync();
        (await server.CreateRepoAsync("parts")).EnsureSuccessStatusCode();
        var content = RandomNumberGenerator.GetBytes(1000);
        var sha = Sha256Hash.Compute(content);
        using var http = server.Http(server.WriteToken);
        var batch = await http.PostAsync("/acme/parts.git/info/lfs/objects/batch", MirrorServer.Json($$$"""{"operation":"upload","transfers":["basic","multipart"],"objects":[{"oid":"{{{sha}}}","size":1000}]}"""), ct);
        using var doc = JsonDocument.Parse(await batch.Content.ReadAsStringAsync(ct));
        var upload = doc.RootElement.GetProperty("objects")[0].GetProperty("actions").GetProperty("upload");
        var header = upload.GetProperty("header");
        Assert.Equal("400", header.GetProperty("chunk_size").GetString());
        var partUrls = header.EnumerateObject().Where(p => p.Name != "chunk_size").OrderBy(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture)).Select(p => p.Value.GetString()!).ToList();
        Assert.Equal(3, partUrls.Count);
        using var anonymous = new HttpClient();

        // A part cut short is refused; sent again whole, it is accepted.
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PutAsync(partUrls[1], new ByteArrayContent(content[400..700]), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.PutAsync(partUrls[1].Replace("part=2", "part=1", StringComparison.Ordinal), new ByteArrayContent(content[..400]), ct)).StatusCode);
        var etags = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var response = await anonymous.PutAsync(partUrls[i], new ByteArrayContent(content[(i * 400)..Math.Min(1000, (i + 1) * 400)]), ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            etags.Add(response.Headers.ETag!.Tag);
        }

        var completion = upload.GetProperty("href").GetString()!;
        string Parts(IEnumerable<string> tags) => "{\"oid\":\"" + sha + "\",\"parts\":[" + string.Join(',', tags.Select((e, i) => $$$"""{"partNumber":{{{i + 1}}},"etag":{{{JsonSerializer.Serialize(e)}}}}""")) + "]}";
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsync(completion, MirrorServer.Json(Parts([etags[0], "\"wrong\"", etags[2]])), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync(completion, MirrorServer.Json(Parts(etags)), ct)).StatusCode);

        (await server.CommitAsync("acme/parts", MirrorServer.Header("big") + "\n" + $$$"""{"key":"lfsFile","value":{"path":"big.bin","algo":"sha256","oid":"{{{sha}}}","size":1000}}""")).EnsureSuccessStatusCode();
        Assert.Equal(content, await http.GetByteArrayAsync("/acme/parts/resolve/main/big.bin", ct));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_part_sent_again_with_other_bytes_decides_the_object_never_a_hash_of_the_first_bytes(bool rightBytesLast)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new MirrorServer { Configure = o => (o.MultipartThresholdBytes, o.MultipartChunkBytes) = (1000, 400) };
        await server.InitializeAsync();
        (await server.CreateRepoAsync("again")).EnsureSuccessStatusCode();
        var content = RandomNumberGenerator.GetBytes(1000);
        var other = RandomNumberGenerator.GetBytes(400);
        var sha = Sha256Hash.Compute(content);
        using var http = server.Http(server.WriteToken);
        var batch = await http.PostAsync("/acme/again.git/info/lfs/objects/batch", MirrorServer.Json($$$"""{"operation":"upload","transfers":["basic","multipart"],"objects":[{"oid":"{{{sha}}}","size":1000}]}"""), ct);
        using var doc = JsonDocument.Parse(await batch.Content.ReadAsStringAsync(ct));
        var upload = doc.RootElement.GetProperty("objects")[0].GetProperty("actions").GetProperty("upload");
        var partUrls = upload.GetProperty("header").EnumerateObject().Where(p => p.Name != "chunk_size").OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Value.GetString()!).ToList();
        using var anonymous = new HttpClient();
        var etags = new string[3];
        async Task PutAsync(int i, byte[] bytes) =>
            etags[i] = (await anonymous.PutAsync(partUrls[i], new ByteArrayContent(bytes), ct)).EnsureSuccessStatusCode().Headers.ETag!.Tag;

        // Part 1 is written, and (once parts 2 and 3 are in) hashed in the background; then it is written again.
        await PutAsync(0, rightBytesLast ? other : content[..400]);
        await PutAsync(1, content[400..800]);
        await PutAsync(2, content[800..]);
        await Task.Delay(200, ct);
        await PutAsync(0, rightBytesLast ? content[..400] : other);

        var completion = upload.GetProperty("href").GetString()!;
        var body = "{\"oid\":\"" + sha + "\",\"parts\":[" + string.Join(',', etags.Select((e, i) => $$$"""{"partNumber":{{{i + 1}}},"etag":{{{JsonSerializer.Serialize(e)}}}}""")) + "]}";
        var done = await anonymous.PostAsync(completion, MirrorServer.Json(body), ct);

        Assert.Equal(rightBytesLast ? HttpStatusCode.OK : HttpStatusCode.BadRequest, done.StatusCode);
        if (rightBytesLast)
        {
            (await server.CommitAsync("acme/again", MirrorServer.Header("big") + "\n" + MirrorServer.LfsLine("big.bin", sha, 1000))).EnsureSuccessStatusCode();
            Assert.Equal(content, await http.GetByteArrayAsync("/acme/again/resolve/main/big.bin", ct));
        }
        else
        {
            Assert.Contains("sha256", await done.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Clients_that_do_not_offer_multipart_get_basic_uploads_of_any_size()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new MirrorServer { Configure = o => (o.MultipartThresholdBytes, o.MultipartChunkBytes) = (1000, 400) };
        await server.InitializeAsync();
        (await server.CreateRepoAsync("basic")).EnsureSuccessStatusCode();
        using var http = server.Http(server.WriteToken);

        var batch = await http.PostAsync("/acme/basic.git/info/lfs/objects/batch", MirrorServer.Json($$$"""{"operation":"upload","transfers":["basic"],"objects":[{"oid":"{{{new string('b', 64)}}}","size":5000}]}"""), ct);

        using var doc = JsonDocument.Parse(await batch.Content.ReadAsStringAsync(ct));
        var upload = doc.RootElement.GetProperty("objects")[0].GetProperty("actions").GetProperty("upload");
        Assert.False(upload.TryGetProperty("header", out _));
        Assert.Contains("/lfs/upload?", upload.GetProperty("href").GetString(), StringComparison.Ordinal);
    }
}
