namespace HubPlatform.Mirror.Tests;

/// <summary>The judges of compatibility: the official npm clients, unchanged, against a running mirror.</summary>
public sealed class NpmClientTests(MirrorServer server) : IClassFixture<MirrorServer>
{
    [Fact]
    public async Task The_official_huggingface_hub_client_creates_uploads_lists_downloads_and_deletes()
    {
        var (code, output) = await RunNodeAsync("hub-client.mjs");

        Assert.True(code == 0, output);
        Assert.Contains("10 passed, 0 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_official_client_handles_datasets_branches_history_paths_info_and_its_node_cache()
    {
        var (code, output) = await RunNodeAsync("hub-client-more.mjs");

        Assert.True(code == 0, output);
        Assert.Contains("10 passed, 0 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_official_client_uploads_through_multipart_when_the_mirror_asks_for_it()
    {
        await using var multipart = new MirrorServer { Configure = o => (o.MultipartThresholdBytes, o.MultipartChunkBytes) = (10_000_000, 8_000_000) };
        await multipart.InitializeAsync();

        var (code, output) = await RunNodeAsync("hub-client.mjs", multipart);

        Assert.True(code == 0, output);
        Assert.Contains("10 passed, 0 failed", output, StringComparison.Ordinal);
        Assert.False(Directory.EnumerateFileSystemEntries(Path.Combine(multipart.DataDirectory, "uploads")).Any(), "parts are removed once joined");
    }

    [Fact]
    public async Task The_official_client_meets_a_gated_repo_that_opens_once_the_owner_accepts_a_request()
    {
        var (code, output) = await RunNodeAsync("hub-client-gated.mjs");

        Assert.True(code == 0, output);
        Assert.Contains("6 passed, 0 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transformers_js_loads_a_config_a_tokenizer_and_an_onnx_model_and_runs_a_pipeline_through_remote_host()
    {
        var (code, output) = await RunNodeAsync("transformers-model.mjs");

        Assert.True(code == 0, output);
        Assert.Contains("4 passed, 0 failed", output, StringComparison.Ordinal);
    }

    private Task<(int Code, string Output)> RunNodeAsync(string script) => RunNodeAsync(script, server);

    private static Task<(int Code, string Output)> RunNodeAsync(string script, MirrorServer server) =>
        NodeScript.RunAsync(script, new Dictionary<string, string>
        {
            ["HUB_URL"] = server.Url.ToString().TrimEnd('/'),
            ["HUB_TOKEN"] = server.WriteToken,
            ["OTHER_TOKEN"] = server.OutsiderToken,
        });
}
