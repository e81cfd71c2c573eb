using System.Text.Json.Nodes;

namespace HubPlatform.Cli.Tests;

/// <summary>A run builds only the command group its first argument names; the probe child (hub validate-one) runs before any of it.</summary>
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
    public async Task Hub_validate_one_answers_as_hub_probe_does()
    {
        var ct = TestContext.Current.CancellationToken;
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "model.onnx");

        var direct = await CliRun.RunAsync(new Dictionary<string, string>(), "validate-one", missing, "--vocab-size=50");
        var malformed = await CliRun.RunAsync(new Dictionary<string, string>(), "validate-one", missing, "--bogus");

        Assert.Equal(0, direct.ExitCode);
        var read = JsonNode.Parse(direct.Out)!;
        Assert.Contains("cannot be read", read["errors"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, malformed.ExitCode);
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

    [Theory]
    [InlineData("a.onnx", "validate", "a.onnx", "b.onnx")]
    [InlineData("a.onnx", "validate", "--timeout", "5", "--json", "a.onnx")]
    [InlineData("a.onnx", "validate", "--memory=512", "a.onnx")]
    [InlineData(null, "validate", "--bogus", "a.onnx")]
    [InlineData(null, "validate", "--json")]
    public void The_first_path_of_validate_is_found_without_the_command_tree(string? expected, params string[] args) =>
        Assert.Equal(expected, ValidateCommand.FirstPath(args));

    [Fact]
    public void Every_option_of_validate_that_takes_a_value_is_skipped_with_its_value()
    {
        var validate = ValidateCommand.Create(Context()).Single(c => c.Name == "validate");

        foreach (var option in validate.Options.Where(o => o.Arity.MaximumNumberOfValues > 0 && o.ValueType != typeof(bool)))
        {
            Assert.Equal("model.onnx", ValidateCommand.FirstPath(["validate", option.Name, "value", "model.onnx"]));
        }

        foreach (var flag in validate.Options.Where(o => o.ValueType == typeof(bool) && o.Name is not "--no-run" and not "--remote"))
        {
            Assert.Equal("model.onnx", ValidateCommand.FirstPath(["validate", flag.Name, "model.onnx"]));
        }
    }
}
