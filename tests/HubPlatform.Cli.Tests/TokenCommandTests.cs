using HubPlatform.Client.Tests;

namespace HubPlatform.Cli.Tests;

/// <summary><c>hub token create|list|revoke</c> over a data folder.</summary>
public sealed class TokenCommandTests : IDisposable
{
    private readonly TempDir _home = new();
    private readonly Dictionary<string, string> _env = [];

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Revoke_takes_an_id_or_one_users_token_name_never_every_users_token_of_that_name()
    {
        var data = Path.Combine(_home.Path, "data");
        var alice = (await CliRun.RunAsync(_env, "token", "create", "laptop", "--user", "alice", "--data", data)).OutLines[^1];
        var bob = (await CliRun.RunAsync(_env, "token", "create", "laptop", "--user", "bob", "--data", data)).OutLines[^1];
        var carol = (await CliRun.RunAsync(_env, "token", "create", "ci", "--user", "carol", "--data", data)).OutLines[^1];

        var ambiguous = await CliRun.RunAsync(_env, "token", "revoke", "laptop", "--data", data);
        var mine = await CliRun.RunAsync(_env, "token", "revoke", "laptop", "--user", "alice", "--data", data);
        var carolsId = (await CliRun.RunAsync(_env, "token", "list", "--data", data)).OutLines.Single(l => l.Contains("\tcarol\t", StringComparison.Ordinal)).Split('\t')[0];
        var byId = await CliRun.RunAsync(_env, "token", "revoke", carolsId, "--data", data);

        Assert.NotEqual(0, ambiguous.ExitCode);
        Assert.Contains("alice, bob", Assert.Single(ambiguous.ErrorLines), StringComparison.Ordinal);
        Assert.Equal((0, "Revoked 1 token(s)."), (mine.ExitCode, mine.OutLines.Single()));
        Assert.Equal(0, byId.ExitCode);
        var listed = (await CliRun.RunAsync(_env, "token", "list", "--data", data)).OutLines;
        Assert.EndsWith("revoked", listed.Single(l => l.Contains("\talice\t", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.EndsWith("active", listed.Single(l => l.Contains("\tbob\t", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.EndsWith("revoked", listed.Single(l => l.Contains("\tcarol\t", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.NotEqual(alice, bob);
        Assert.NotEmpty(carol);
    }
}
