using System.CommandLine;

namespace HubPlatform.Cli;

/// <summary>The <c>hub</c> command tree and its entry point.</summary>
internal static class HubCli
{
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("hub: a client for the Hugging Face Hub API and HubPlatform mirrors.");
        foreach (var command in AuthCommands.Create(context))
        {
            root.Add(command);
        }

        root.Add(ListCommand.Create(context));
        root.Add(InfoCommand.Create(context));
        root.Add(TreeCommand.Create(context));
        root.Add(DownloadCommand.Create(context));
        foreach (var command in UploadCommands.Create(context).Concat(RepoCommands.Create(context)))
        {
            root.Add(command);
        }

        root.Add(CardCommands.Create(context));
        root.Add(DatasetCommands.Create(context));
        foreach (var command in ValidateCommand.Create(context))
        {
            root.Add(command);
        }

        root.Add(AccessCommands.Create(context));
        foreach (var command in ServeCommands.Create(context))
        {
            root.Add(command);
        }
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var root = Build(context);
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
