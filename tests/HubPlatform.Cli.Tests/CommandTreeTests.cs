using System.Text.Json.Nodes;

namespace HubPlatform.Cli.Tests;

/// <summary>A run builds only the command group its first argument names; the probe child runs before any of it.</summary>
public class CommandTreeTests
{
    private static CliContext Context() => new(TextWriter.Null, TextWriter.Null, _ => null, interactive: false);

    [Fact]
    public void Each_command_group_makes_exactly_the_commands_it_is_listed_under()
    {
        foreach (var (names, create) in HubCli.Groups)
        {
            Assert.Equal(names.Order(StringComparer.Ordinal), create(Context()).Select(c => c.Name).Order(StringComparer.Ordinal));
        }

        Assert.Equal(HubCli.Groups.Sum(g => g.Names.Length), HubCli.Groups.SelectMany(g => g.Names).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("validate", new[] { "validate", "validate-one" })]
    [InlineData("repo", new[] { "repo", "branch", "tag" })]
    [InlineData("no-such-command", null)]
    [InlineData(null, null)]
    public void The_tree_holds_the_named_group_or_every_command(string? first, string[]? expected)
    {
        var built = HubCli.Build(Context(), first).Subcommands.Select(c => c.Name).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected?.Order(StringComparer.Ordinal) ?? HubCli.Groups.SelectMany(g => g.Names).Order(StringComparer.Ordinal), built);
    }

    [Fact]
    public async Task Help_and_an_unknown_command_still_see_every_command()
    {
        var help = await CliRun.RunAsync(new Dictionary<string, string>(), "--help");
        var unknown = await CliRun.RunAsync(new Dictionary<string, string>(), "frobnicate");

        Assert.Contains("validate", help.Out, StringComparison.Ordinal);
        Assert.Contains("serve", help.Out, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
    }

    [Fact]
    public async Task The_probe_child_waits_for_go_and_other_argument_shapes_go_to_the_command_tree()
    {
        var ct = TestContext.Current.CancellationToken;
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "model.onnx");
        using var refused = new StringWriter();
        using var allowed = new StringWriter();

        Assert.Null(await ValidateCommand.TryRunChildAsync(["validate-one"], TextWriter.Null, TextReader.Null, ct));
        Assert.Null(await ValidateCommand.TryRunChildAsync(["validate-one", missing, "--bogus"], TextWriter.Null, TextReader.Null, ct));
        Assert.Null(await ValidateCommand.TryRunChildAsync(["validate", missing], TextWriter.Null, TextReader.Null, ct));
        Assert.Null(await ValidateCommand.TryRunChildAsync(["validate-one", missing, "--wait"], TextWriter.Null, TextReader.Null, ct));
        Assert.Equal(0, await ValidateCommand.TryRunChildAsync(["validate-one", "--wait"], refused, new StringReader("stop\n"), ct));
        Assert.Equal(0, await ValidateCommand.TryRunChildAsync(["validate-one", "--wait"], allowed, new StringReader($"go\t{missing}\t50\n"), ct));
        using var direct = new StringWriter();
        Assert.Equal(0, await ValidateCommand.TryRunChildAsync(["validate-one", missing, "--vocab-size", "50"], direct, TextReader.Null, ct));
        Assert.Contains("could not load", direct.ToString(), StringComparison.Ordinal);

        Assert.Empty(refused.ToString());
        var answer = JsonNode.Parse(allowed.ToString())!;
        Assert.False(answer["loaded"]!.GetValue<bool>());
        Assert.Contains("could not load", answer["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "validate", "model.onnx")]
    [InlineData(true, "validate", "a.onnx", "b.onnx", "--json")]
    [InlineData(false, "validate", "model.onnx", "--no-run")]
    [InlineData(false, "validate", "acme/model", "--remote")]
    [InlineData(false, "validate", "--help")]
    [InlineData(false, "validate")]
    [InlineData(false, "ls", "models")]
    public void A_probe_child_is_started_early_only_for_a_validate_that_runs_models(bool expected, params string[] args)
    {
        using var probe = ValidateCommand.EarlyProbe(args);

        Assert.Equal(expected, probe is not null);
    }
}
