using System.CommandLine;
using HubPlatform.Client.Errors;

namespace HubPlatform.Cli;

/// <summary>Runs a command's body and turns what it throws into one line on standard error and an exit code.</summary>
internal static class CommandRunner
{
    public static void SetHandler(this Command command, CliContext context, Func<ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                return await body(parse, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await context.Error.WriteLineAsync("hub: cancelled");
                return 130;
            }
            catch (Exception e) when (ExitCodeFor(e) is { } code)
            {
                await context.Error.WriteLineAsync("hub: error: " + OneLine(Describe(e)));
                return code;
            }
        });

    public static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    // ArgumentException appends "(Parameter 'x')", which means nothing to someone at a shell.
    private static string Describe(Exception e) => e switch
    {
        ArgumentException { ParamName: { } name } => e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal),
        System.Data.Common.DbException => "the mirror's database (hub.db in the data folder): " + e.Message,
        _ => e.Message,
    };

    private static int? ExitCodeFor(Exception e) => e switch
    {
        UsageException or ArgumentException => ExitCodes.Usage,
        HubException or HttpRequestException or IOException or UnauthorizedAccessException or TimeoutException or System.Data.Common.DbException
            or Polly.Timeout.TimeoutRejectedException or System.Text.Json.JsonException or HubPlatform.Cards.CardValidationException
            or HubPlatform.Storage.HubProblemException => ExitCodes.HubError,
        _ => null,
    };
}

/// <summary>The command line asked for something impossible; exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
