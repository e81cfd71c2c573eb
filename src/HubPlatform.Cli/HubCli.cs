using System.CommandLine;

namespace HubPlatform.Cli;

/// <summary>The <c>hub</c> command tree and its entry point.</summary>
internal static class HubCli
{
    // The top-level commands each group makes. A run builds only the group its first argument names (all of them for help or
    // a name no group has): parsing the whole tree cost a cold process more than ONNX Runtime's start (hub validate-one runs
    // once per model). A test holds each list to what its group makes.
    internal static readonly (string[] Names, Func<CliContext, IEnumerable<Command>> Create)[] Groups =
    [
        (["login", "logout", "whoami"], AuthCommands.Create),
        (["ls"], c => [ListCommand.Create(c)]),
        (["info"], c => [InfoCommand.Create(c)]),
        (["tree"], c => [TreeCommand.Create(c)]),
        (["download"], c => [DownloadCommand.Create(c)]),
        (["upload", "delete"], UploadCommands.Create),
        (["repo", "branch", "tag"], RepoCommands.Create),
        (["card"], c => [CardCommands.Create(c)]),
        (["dataset"], c => [DatasetCommands.Create(c)]),
        (["validate", "validate-one"], ValidateCommand.Create),
        (["access"], c => [AccessCommands.Create(c)]),
        (["serve", "token", "fsck", "mirror", "worker", "jobs"], ServeCommands.Create),
    ];

    /// <summary>The command tree: only the group that makes <paramref name="first"/> when one does, else every command.</summary>
    public static RootCommand Build(CliContext context, string? first = null)
    {
        var root = new RootCommand("hub: a client for the Hugging Face Hub API and HubPlatform mirrors.");
        var named = Groups.Where(g => g.Names.Contains(first, StringComparer.Ordinal)).ToList();
        foreach (var (_, create) in named.Count > 0 ? named : [.. Groups])
        {
            foreach (var command in create(context))
            {
                root.Add(command);
            }
        }

        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var root = Build(context, args.FirstOrDefault());
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await context.Error.WriteLineAsync("hub: " + CommandRunner.OneLine(error.Message));
            }

            await context.Error.WriteLineAsync("Run 'hub --help' for usage.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error,
            EnableDefaultExceptionHandler = false,
        };
        return await parse.InvokeAsync(invocation, cancellationToken);
    }
}
