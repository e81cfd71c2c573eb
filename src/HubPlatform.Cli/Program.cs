using HubPlatform.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await ValidateCommand.TryRunChildAsync(args, Console.Out, Console.In, cancel.Token)
    ?? await HubCli.RunAsync(args, CliContext.FromProcess(), cancel.Token);
