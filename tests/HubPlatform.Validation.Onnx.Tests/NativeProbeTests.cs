using System.Diagnostics;
using static HubPlatform.Validation.Onnx.Tests.TinyModels;

namespace HubPlatform.Validation.Onnx.Tests;

/// <summary>
/// hub-probe as a deployment publishes it, Native AOT (bench/validate.sh measures why): it builds without a trimming or
/// AOT warning (warnings are errors), and answers as the built program does, ONNX Runtime and JSON included.
/// </summary>
public sealed class NativeProbeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("native-probe-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Hub_probe_published_as_native_aot_answers_as_the_built_one_does()
    {
        var ct = TestContext.Current.CancellationToken;
        var project = Path.Combine(RepositoryRoot(), "src", "HubPlatform.Validation.Onnx", "HubPlatform.Validation.Onnx.csproj");
        var output = Path.Combine(_folder, "out");

        // Its own artifacts folder, so that this build shares no obj folder with the one that built the tests.
        var (code, log) = await RunAsync("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", output, "--artifacts-path", Path.Combine(_folder, "artifacts"), "-nologo"], null, TimeSpan.FromMinutes(10), ct);
        Assert.True(code == 0, log);
        Assert.True(File.Exists(Path.Combine(output, "hub-probe")), log);
        Assert.False(File.Exists(Path.Combine(output, "hub-probe.dll")), "the publish made a managed program, not a native one");

        var models = Path.Combine(_folder, "models");
        var ids = Write(Model(IdsAndMask()), Path.Combine(models, "ids"));
        var external = Write(Model(ExternalAdd("w.bin")), Path.Combine(models, "external"));
        await File.WriteAllBytesAsync(Path.Combine(models, "external", "w.bin"), new byte[16], ct);
        var outside = Write(Model(ExternalAdd("../../w.bin")), Path.Combine(models, "outside"));
        var text = Path.Combine(models, "text.onnx");
        await File.WriteAllTextAsync(text, "not a model", ct);
        foreach (var (model, vocabulary) in new[] { (ids, "30"), (external, string.Empty), (outside, string.Empty), (text, string.Empty) })
        {
            var go = $"go\t{model}\t{vocabulary}\t{models}\t1\n";
            using var expected = new StringWriter();
            await ProbeChild.RunAsync(["validate-one", "--wait"], expected, new StringReader(go), ct);

            var (exit, answer) = await RunAsync(Path.Combine(output, "hub-probe"), ["validate-one", "--wait"], go, TimeSpan.FromMinutes(1), ct);

            Assert.Equal(0, exit);
            Assert.Equal(expected.ToString().ReplaceLineEndings("\n"), answer);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HubPlatform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("HubPlatform.sln not found above the test folder.");
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, string[] arguments, string? input, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardInput.WriteAsync(input ?? string.Empty);
        process.StandardInput.Close();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, input is null ? await stdout + await stderr : await stdout);
    }
}
