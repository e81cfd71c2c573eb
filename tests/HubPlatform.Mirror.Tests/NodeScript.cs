using System.Diagnostics;

namespace HubPlatform.Mirror.Tests;

/// <summary>Runs a script of <c>tests/e2e</c> with Node (the npm packages installed there by <c>./test.sh</c>).</summary>
internal static class NodeScript
{
    public static async Task<(int Code, string Output)> RunAsync(string script, IReadOnlyDictionary<string, string> environment)
    {
        var folder = E2eFolder();
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "@huggingface", "hub")), $"npm packages are missing in {folder}: run ./test.sh (it runs npm ci there).");
        var start = new ProcessStartInfo("node", script)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    public static string E2eFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "e2e");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/e2e not found above the test folder.");
    }
}
