using System.Net;
using System.Text.Json;
using HubPlatform.Hub;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Mirror.Tests;

/// <summary>
/// LFS objects belong to repositories: knowing an object's sha256 gives nothing through a repository that does not own it,
/// to another user or to anonymous callers, and the answers do not tell whether the mirror stores it elsewhere.
/// </summary>
public sealed class TenantIsolationTests(MirrorServer server) : IClassFixture<MirrorServer>
{
    [Fact]
    public async Task Another_users_batch_download_of_a_private_object_is_refused_like_a_missing_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, secret) = await PrivateObjectAsync(ct);
        var mallory = await server.TokenForAsync("mallory");
        var mine = await RepoOfAsync("mallory", mallory, isPrivate: false);

        var stolen = await BatchAsync(mine, "download", secret.Sha, secret.Size, mallory, ct);
        var absent = await BatchAsync(mine, "download", Sha256Hash.Compute(Guid.NewGuid().ToByteArray()), secret.Size, mallory, ct);

        Assert.Equal(404, stolen.GetProperty("error").GetProperty("code").GetInt32());
        Assert.False(stolen.TryGetProperty("actions", out _));
        Assert.Equal(absent.GetProperty("error").GetRawText(), stolen.GetProperty("error").GetRawText());
    }

    [Fact]
    public async Task Anonymous_batch_download_through_a_public_repo_does_not_reach_another_repos_object()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, secret) = await PrivateObjectAsync(ct);
        var open = await RepoOfAsync("acme", server.WriteToken, isPrivate: false);

        var answer = await BatchAsync(open, "download", secret.Sha, secret.Size, token: null, ct);

        Assert.Equal(404, answer.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_commit_line_naming_another_repos_object_is_refused(bool withSize)
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, secret) = await PrivateObjectAsync(ct);
        var mallory = await server.TokenForAsync("mallory");
        var mine = await RepoOfAsync("mallory", mallory, isPrivate: false);
        var line = withSize
            ? MirrorServer.LfsLine("stolen.bin", secret.Sha, secret.Size)
            : $$$"""{"key":"lfsFile","value":{"path":"stolen.bin","algo":"sha256","oid":"{{{secret.Sha}}}"}}""";

        var response = await server.CommitAsync(mine, MirrorServer.Header("take it") + "\n" + line, token: mallory);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("never uploaded to this repository", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        using var anonymous = new HttpClient { BaseAddress = server.Url };
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/{mine}/resolve/main/stolen.bin", ct)).StatusCode);
    }

    [Fact]
    public async Task A_batch_upload_of_bytes_stored_for_another_repo_asks_for_them_and_checks_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var (content, secret) = await PrivateObjectAsync(ct);
        var mallory = await server.TokenForAsync("mallory");
        var mine = await RepoOfAsync("mallory", mallory, isPrivate: false);

        var answer = await BatchAsync(mine, "upload", secret.Sha, secret.Size, mallory, ct);
        var href = answer.GetProperty("actions").GetProperty("upload").GetProperty("href").GetString()!;
        using var anonymous = new HttpClient();
        var wrong = await anonymous.PutAsync(href, new ByteArrayContent(new byte[content.Length]), ct);

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.CommitAsync(mine, MirrorServer.Header("x") + "\n" + MirrorServer.LfsLine("w.bin", secret.Sha, secret.Size), token: mallory)).StatusCode);

        // Whoever really has the bytes may upload them, and then owns them in their repository.
        (await anonymous.PutAsync(href, new ByteArrayContent(content), ct)).EnsureSuccessStatusCode();
        (await server.CommitAsync(mine, MirrorServer.Header("x") + "\n" + MirrorServer.LfsLine("w.bin", secret.Sha, secret.Size), token: mallory)).EnsureSuccessStatusCode();
        using var reader = server.Http(mallory);
        Assert.Equal(content, await reader.GetByteArrayAsync($"/{mine}/resolve/main/w.bin", ct));
    }

    [Fact]
    public async Task A_pending_upload_is_for_the_repos_writers_only()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await RepoOfAsync("acme", server.WriteToken, isPrivate: false);
        var content = Guid.NewGuid().ToByteArray();
        var sha = await server.UploadLfsAsync(repo, content, ct);

        var anonymous = await BatchAsync(repo, "download", sha, content.Length, token: null, ct);
        var writer = await BatchAsync(repo, "download", sha, content.Length, server.WriteToken, ct);

        Assert.Equal(404, anonymous.GetProperty("error").GetProperty("code").GetInt32());
        Assert.True(writer.GetProperty("actions").TryGetProperty("download", out _));
    }

    [Fact]
    public async Task Signed_download_links_stop_with_the_repository_and_name_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var (content, secret) = await PrivateObjectAsync(ct);
        var answer = await BatchAsync(secret.Repo, "download", secret.Sha, secret.Size, server.WriteToken, ct);
        var href = answer.GetProperty("actions").GetProperty("download").GetProperty("href").GetString()!;
        using var anonymous = new HttpClient();
        Assert.Equal(content, await anonymous.GetByteArrayAsync(href, ct));
        var expires = long.Parse(System.Text.RegularExpressions.Regex.Match(href, @"exp=(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 1, 300);

        // The link names its repository under the signature: pointing it at another one breaks it.
        var other = await RepoOfAsync("acme", server.WriteToken, isPrivate: false);
        var otherId = await RepositoryRowIdAsync(other);
        var moved = System.Text.RegularExpressions.Regex.Replace(href, @"repo=\d+", "repo=" + otherId);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync(moved, ct)).StatusCode);

        using var http = server.Http(server.WriteToken);
        var name = secret.Repo.Split('/')[1];
        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/repos/delete") { Content = MirrorServer.Json($$"""{"name":"{{name}}","organization":"acme","type":"model"}""") };
        (await http.SendAsync(delete, ct)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(href, ct)).StatusCode);
    }

    // A private repository of alice's organisation holding one committed LFS object.
    private async Task<(byte[] Content, (string Repo, string Sha, int Size) Object)> PrivateObjectAsync(CancellationToken ct)
    {
        var repo = await RepoOfAsync("acme", server.WriteToken, isPrivate: true);
        var content = System.Security.Cryptography.RandomNumberGenerator.GetBytes(4096);
        var sha = await server.UploadLfsAsync(repo, content, ct);
        (await server.CommitAsync(repo, MirrorServer.Header("weights") + "\n" + MirrorServer.LfsLine("w.bin", sha, content.Length))).EnsureSuccessStatusCode();
        return (content, (repo, sha, content.Length));
    }

    private async Task<string> RepoOfAsync(string owner, string token, bool isPrivate)
    {
        var name = "t-" + Guid.NewGuid().ToString("N")[..8];
        (await server.CreateRepoAsync(name, isPrivate: isPrivate, token: token, organization: owner)).EnsureSuccessStatusCode();
        return $"{owner}/{name}";
    }

    private async Task<long> RepositoryRowIdAsync(string repo)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<HubPlatform.Storage.RepositoryService>();
        return (await repos.FindAsync(RepoType.Model, RepoId.Parse(repo), CancellationToken.None))!.Id;
    }

    private async Task<JsonElement> BatchAsync(string repo, string operation, string oid, long size, string? token, CancellationToken ct)
    {
        using var http = server.Http(token);
        var response = await http.PostAsync($"/{repo}.git/info/lfs/objects/batch",
            MirrorServer.Json($$"""{"operation":"{{operation}}","transfers":["basic"],"hash_algo":"sha256","objects":[{"oid":"{{oid}}","size":{{size}}}]}"""), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, body);
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("objects")[0].Clone();
    }
}
