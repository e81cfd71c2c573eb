namespace HubPlatform.Cli;

/// <summary>The exit codes of <c>hub</c>.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The Hub (or the network, or the disk) failed the request.</summary>
    public const int HubError = 1;

    /// <summary>The command line was wrong: unknown option, missing argument, invalid repo id or revision.</summary>
    public const int Usage = 2;
}
