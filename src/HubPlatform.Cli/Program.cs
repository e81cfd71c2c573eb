using HubPlatform.Cli;
using HubPlatform.Validation.Onnx;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// hub validate-one: the probe's child process, as hub-probe runs it, for a hub without hub-probe beside it.
var child = await ProbeChild.RunAsync(args, Console.Out, Console.In, cancel.Token);
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
