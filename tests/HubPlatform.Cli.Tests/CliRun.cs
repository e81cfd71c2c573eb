using HubPlatform.Client.Tests;

namespace HubPlatform.Cli.Tests;

/// <summary>Runs <c>hub</c> in process with captured output and a chosen environment.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string> env, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, key => env.GetValueOrDefault(key), interactive: false);
        var code = await HubCli.RunAsync(args, context, TestContext.Current.CancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public static Dictionary<string, string> EnvFor(FakeHub hub, TempDir home, bool withToken = true)
    {
        var env = new Dictionary<string, string>
        {
            ["HF_ENDPOINT"] = hub.Url.ToString(),
            ["HF_HOME"] = home.Path,
        };
        if (withToken)
        {
            env["HF_TOKEN"] = FakeHub.Token;
        }

        return env;
    }
}
