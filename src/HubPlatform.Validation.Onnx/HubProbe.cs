namespace HubPlatform.Validation.Onnx;

// The hub-probe program. Not top-level statements: their Program class would clash with the mirror's in the tests that
// see both assemblies' internals.
internal static class HubProbe
{
    public static async Task<int> Main(string[] args)
    {
        var code = await ProbeChild.RunAsync(args, Console.Out, Console.In, CancellationToken.None);
        if (code is null)
        {
            await Console.Error.WriteLineAsync("usage: hub-probe validate-one --wait | hub-probe validate-one FILE [--vocab-size N] [--root DIR] [--threads N]");
            return 2;
        }

        return code.Value;
    }
}
