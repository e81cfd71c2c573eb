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
        // Made when first used: most commands print plain text, and Spectre's start is a cost every run would pay.
        _console = new Lazy<IAnsiConsole>(() => CreateConsole(output, interactive));
        _errorConsole = new Lazy<IAnsiConsole>(() => CreateConsole(error, interactive));
    }

    private readonly Lazy<IAnsiConsole> _console;

    private readonly Lazy<IAnsiConsole> _errorConsole;

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public Func<string, string?> Environment { get; }

    /// <summary>Whether standard output is a terminal: live progress bars and tables then, plain lines otherwise.</summary>
    public bool Interactive { get; }

    /// <summary>Results (tables, the downloaded folder) go to standard output.</summary>
    public IAnsiConsole Console => _console.Value;

    /// <summary>Progress goes to standard error, so that <c>$(hub download …)</c> captures only the path.</summary>
    public IAnsiConsole ErrorConsole => _errorConsole.Value;

    /// <summary>
    /// A probe child started as the process began, for <c>hub validate</c>: its start then overlaps the CLI's own instead of
    /// following it. The program disposes it when the command is done.
    /// </summary>
    public HubPlatform.Validation.ChildProbe? EarlyProbe { get; init; }

    /// <summary>Replaces the socket handler (tests only).</summary>
    public HttpMessageHandler? PrimaryHandler { get; }

    public static CliContext FromProcess(HubPlatform.Validation.ChildProbe? earlyProbe = null) => new(
        System.Console.Out,
        System.Console.Error,
        System.Environment.GetEnvironmentVariable,
        !System.Console.IsOutputRedirected)
    {
        EarlyProbe = earlyProbe,
    };

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
