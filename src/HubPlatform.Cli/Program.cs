using HubPlatform.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var child = await ValidateCommand.TryRunChildAsync(args, Console.Out, Console.In, cancel.Token);
if (child is { } code)
{
    return code;
}

var early = ValidateCommand.EarlyProbe(args);
try
{
    return await HubCli.RunAsync(args, CliContext.FromProcess(early), cancel.Token);
}
finally
{
    early?.Dispose();
}
