namespace HubPlatform.Mirror.Tests;

/// <summary>
/// The pages in a real browser (Debian's Chromium, driven by <c>tests/e2e/pages.mjs</c> with playwright-core): search and
/// filter, a model and its tabs, a file, sign in and out, no console errors, axe-core on every page, screenshots at
/// 1280x800 and 390x844 in <c>tests/e2e/screenshots</c>.
/// </summary>
public sealed class BrowserPageTests : IAsyncLifetime
{
    // A 1x1 PNG, for the card's relative image.
    private const string OnePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    private MirrorServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await MirrorServer.StartAsync(o => o.RunWorker = false);
        (await _server.CreateRepoAsync("browser-bert")).EnsureSuccessStatusCode();
        (await _server.CreateRepoAsync("browser-resnet")).EnsureSuccessStatusCode();
        (await _server.CreateRepoAsync("browser-secret", isPrivate: true)).EnsureSuccessStatusCode();
        (await _server.CreateRepoAsync("browser-data", type: "dataset")).EnsureSuccessStatusCode();
        var card = """
            ---
            license: mit
            pipeline_tag: fill-mask
            library_name: transformers
            language: [en]
            datasets: [acme/browser-data]
            ---
            # Browser BERT

            A small encoder for the browser test. <img src="x.png" onerror="window.__pwned = 1">

            <script>window.__pwned = 1</script>

            [a link](javascript:window.__pwned=1) and <svg onload="window.__pwned = 1"><circle r="4"/></svg>

            ## Uses

            | metric | value |
            |---|---|
            | accuracy | 0.91 |
            """;
        (await _server.CommitAsync("acme/browser-bert", string.Join('\n', MirrorServer.Header("card"),
            MirrorServer.FileLine("README.md", System.Text.Encoding.UTF8.GetBytes(card)),
            MirrorServer.FileLine("config.json", "{\n  \"model_type\": \"bert\",\n  \"vocab_size\": 100\n}\n"u8.ToArray()),
            MirrorServer.FileLine("x.png", Convert.FromBase64String(OnePixelPng))))).EnsureSuccessStatusCode();
        (await _server.CommitAsync("acme/browser-resnet", string.Join('\n', MirrorServer.Header("card"),
            MirrorServer.FileLine("README.md", "---\nlicense: apache-2.0\npipeline_tag: image-classification\n---\n# ResNet\n"u8.ToArray())))).EnsureSuccessStatusCode();
        (await _server.CommitAsync("acme/browser-data", string.Join('\n', MirrorServer.Header("card"),
            MirrorServer.FileLine("README.md", "---\nlicense: cc-by-4.0\ntask_categories: [text-classification]\n---\n# Data\n\nRows of text.\n"u8.ToArray()),
            MirrorServer.FileLine("data/train.csv", System.Text.Encoding.UTF8.GetBytes("text,label\n" + string.Concat(Enumerable.Range(0, 80).Select(i => $"sentence {i},{i % 3}\n"))))),
            prefix: "datasets")).EnsureSuccessStatusCode();

        // The dataset indexed, converted and described, so that the viewer page has rows and statistics.
        await DatasetRepos.RunJobsAsync(_server, CancellationToken.None);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Every_page_works_in_chromium_passes_axe_and_is_photographed()
    {
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM") ?? new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        Assert.True(chromium is not null && File.Exists(chromium), "Chromium is missing: ./test.sh installs Debian's chromium (or set CHROMIUM to its path).");
        var shots = Path.Combine(NodeScript.E2eFolder(), "screenshots");

        var (code, output) = await NodeScript.RunAsync("pages.mjs", new Dictionary<string, string>
        {
            ["HUB_URL"] = _server.Url.ToString(),
            ["HUB_TOKEN"] = _server.ReadToken,
            ["CHROMIUM"] = chromium,
            ["SHOTS"] = shots,
        });

        Assert.True(code == 0, output);
        Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
        Assert.Contains("ok no console errors", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(shots, "model-390x844.png")), "the phone-size screenshot of the model page was written");
    }
}
