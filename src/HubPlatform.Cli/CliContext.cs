using HubPlatform.Client;
using Spectre.Console;

namespace HubPlatform.Cli;

/// <summary>What a command may touch: its output streams, the environment, and whether a person is watching.</summary>
internal sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error, Func<string, string?> environment, bool interactive, HttpMessageHandler? primaryHandler = null)
    {
        Out = output;
        Error = error;
        Environment = environment;
        Interactive = interactive;
        PrimaryHandler = primaryHandler;
        Console = CreateConsole(output, interactive);
        ErrorConsole = CreateConsole(error, interactive);
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public Func<string, string?> Environment { get; }

    /// <summary>Whether standard output is a terminal: live progress bars and tables then, plain lines otherwise.</summary>
    public bool Interactive { get; }

    /// <summary>Results (tables, the downloaded folder) go to standard output.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Progress goes to standard error, so that <c>$(hub download …)</c> captures only the path.</summary>
    public IAnsiConsole ErrorConsole { get; }

    /// <summary>Replaces the socket handler (tests only).</summary>
    public HttpMessageHandler? PrimaryHandler { get; }

    public static CliContext FromProcess() => new(
        System.Console.Out,
        System.Console.Error,
        System.Environment.GetEnvironmentVariable,
        !System.Console.IsOutputRedirected);

    public HubClientOptions ResolveOptions() => HubEnvironment.Resolve(Environment);

    private static IAnsiConsole CreateConsole(TextWriter writer, bool interactive) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
    });

    public HubClient CreateClient(HubClientOptions? options = null) => HubClient.Create(options ?? ResolveOptions(), PrimaryHandler);
}
