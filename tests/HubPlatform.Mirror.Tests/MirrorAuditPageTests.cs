using HubPlatform.Hub;
using HubPlatform.Storage;
using HubPlatform.Storage.Entities;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Mirror.Tests;

/// <summary>/audit: the audits stored by commits, summed over what the caller may read.</summary>
public sealed class MirrorAuditPageTests : IAsyncLifetime
{
    private MirrorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await MirrorServer.StartAsync(o => o.RunWorker = false);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task CardAsync(string repo, string card, string prefix = "models") =>
        (await _server.CommitAsync(repo, string.Join('\n', MirrorServer.Header("card"), MirrorServer.FileLine("README.md", System.Text.Encoding.UTF8.GetBytes(card))), prefix: prefix)).EnsureSuccessStatusCode();

    [Fact]
    public async Task The_mirror_audit_sums_scores_findings_licenses_disagreements_and_cardless_repositories_the_caller_may_read()
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var name in new[] { "audit-good", "audit-mismatch", "audit-bare" })
        {
            (await _server.CreateRepoAsync(name)).EnsureSuccessStatusCode();
        }

        (await _server.CreateRepoAsync("audit-secret", isPrivate: true)).EnsureSuccessStatusCode();
        (await _server.CreateRepoAsync("audit-data", type: "dataset")).EnsureSuccessStatusCode();
        await CardAsync("acme/audit-good", "---\nlicense: mit\npipeline_tag: fill-mask\n---\n# Good\n\nA model.\n");
        await CardAsync("acme/audit-mismatch", "---\nlicense: mit\npipeline_tag: fill-mask\n---\n# Mismatch\n\nReleased under the Apache License 2.0.\n");
        await CardAsync("acme/audit-secret", "---\nlicense: gpl-3.0\n---\n# Secret\n\nUnder the MIT License.\n");
        await CardAsync("acme/audit-data", "---\nlicense: cc-by-4.0\n---\n# Data\n", prefix: "datasets");

        // A run verified another task than the card's (as the validation job records it).
        await using (var scope = _server.Services.CreateAsyncScope())
        {
            var repos = scope.ServiceProvider.GetRequiredService<RepositoryService>();
            var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
            var repo = (await repos.FindAsync(RepoType.Model, RepoId.Parse("acme/audit-mismatch"), ct))!;
            var head = (await repos.ResolveAsync(repo, "main", ct))!;
            db.ModelValidations.Add(new ModelValidationEntity
            {
                RepositoryId = repo.Id, CommitId = head, Results = "[]", Findings = "[]", Task = "text-classification", Verified = true,
                Summary = """{"status":"done","task":"text-classification","verified":true,"parameters":10,"taskAgrees":false,"findings":1}""",
            });
            await db.SaveChangesAsync(ct);
        }

        using var anonymous = new HttpClient { BaseAddress = _server.Url };
        var page = await anonymous.GetStringAsync("/audit", ct);
        var signedIn = await _server.Http(_server.ReadToken).GetStringAsync("/audit", ct);

        Assert.Contains("3 cards audited", page, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"histogram\" role=\"img\"", page, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\"><code>license-body-mismatch</code></th><td>1</td></tr>", page, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\"><code>license-body-mismatch</code></th><td>2</td></tr>", signedIn, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/acme/audit-mismatch/validation\">acme/audit-mismatch</a></th><td>fill-mask</td><td>text-classification</td>", page, StringComparison.Ordinal);
        Assert.Contains(">mit</a></th><td>2</td>", page, StringComparison.Ordinal);
        Assert.Contains(">cc-by-4.0</a></th><td>1</td>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("gpl-3.0", page, StringComparison.Ordinal);
        Assert.Contains("gpl-3.0", signedIn, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/acme/audit-bare\">acme/audit-bare</a>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("audit-secret", page, StringComparison.Ordinal);
    }
}
