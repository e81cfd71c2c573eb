namespace HubPlatform.Validation;

/// <summary>
/// Finds <c>hub-probe</c>, the program of the probe's child process, beside the program that validates: it is built there
/// with the validation library. A publish may put the Native AOT build of it in place of its launcher, which is the reason
/// to look for it rather than start the validating program again: that one starts in milliseconds.
/// </summary>
public static class ProbeProgram
{
    /// <summary>The probe program's name.</summary>
    public const string Name = "hub-probe";

    /// <summary>
    /// The command that starts the probe in <paramref name="folder"/>, without the <c>validate-one</c> arguments: the executable
    /// (launcher or Native AOT), else <c>dotnet hub-probe.dll</c>; null when the folder has neither.
    /// </summary>
    /// <param name="folder">The folder to look in (usually <see cref="AppContext.BaseDirectory"/>).</param>
    /// <param name="dotnet">The dotnet host, for a folder with the library but no launcher.</param>
    public static IReadOnlyList<string>? In(string folder, string dotnet = "dotnet")
    {
        ArgumentNullException.ThrowIfNull(folder);
        var executable = Path.Combine(folder, Name);
        if (File.Exists(executable) && !OperatingSystem.IsWindows())
        {
            return [executable];
        }

        if (OperatingSystem.IsWindows() && File.Exists(executable + ".exe"))
        {
            return [executable + ".exe"];
        }

        var library = Path.Combine(folder, Name + ".dll");
        return File.Exists(library) && File.Exists(Path.Combine(folder, Name + ".runtimeconfig.json")) ? [dotnet, library] : null;
    }
}
