namespace HubPlatform.Client.Tests;

public class EnvironmentTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] vars)
    {
        var map = vars.ToDictionary(v => v.Key, v => v.Value);
        return key => map.GetValueOrDefault(key);
    }

    [Fact]
    public void Defaults_follow_huggingface_hub()
    {
        var options = HubEnvironment.Resolve(Env(("HOME", "/home/u")));
        Assert.Equal(new Uri("https://huggingface.co"), options.Endpoint);
        Assert.Equal("/home/u/.cache/huggingface/hub", options.CacheDirectory);
        Assert.Equal("/home/u/.cache/huggingface/token", HubEnvironment.TokenPath(Env(("HOME", "/home/u"))));
        Assert.False(options.Offline);
        Assert.Equal(TimeSpan.FromSeconds(10), options.RequestTimeout);
    }

    [Theory]
    [InlineData("https://huggingface.co", null, "https://datasets-server.huggingface.co/")]
    [InlineData("http://mirror.local:5080/", null, "http://mirror.local:5080/datasets-server")]
    [InlineData("http://mirror.local:5080/hub/", null, "http://mirror.local:5080/hub/datasets-server")]
    [InlineData("http://mirror.local:5080", "https://viewer.local/", "https://viewer.local/")]
    public void The_dataset_viewer_is_the_hubs_own_host_or_the_mirrors_path_unless_set(string endpoint, string? viewer, string expected)
    {
        var options = new HubClientOptions { Endpoint = new Uri(endpoint), DatasetViewerEndpoint = viewer is null ? null : new Uri(viewer) };

        Assert.Equal(new Uri(expected), options.ResolvedDatasetViewerEndpoint);
    }

    [Fact]
    public void Variables_override_in_the_documented_order()
    {
        var options = HubEnvironment.Resolve(Env(
            ("HOME", "/home/u"),
            ("XDG_CACHE_HOME", "/xdg"),
            ("HF_ENDPOINT", "http://mirror.local:5080/"),
            ("HF_TOKEN", " hf_abc "),
            ("HF_HUB_OFFLINE", "1"),
            ("HF_HUB_DISABLE_PROGRESS_BARS", "true"),
            ("HF_HUB_ETAG_TIMEOUT", "3"),
            ("HF_HUB_DOWNLOAD_TIMEOUT", "7.5")));
        Assert.Equal(new Uri("http://mirror.local:5080"), options.Endpoint);
        Assert.Equal("hf_abc", options.Token);
        Assert.Equal("/xdg/huggingface/hub", options.CacheDirectory);
        Assert.True(options.Offline);
        Assert.True(options.DisableProgressBars);
        Assert.Equal(TimeSpan.FromSeconds(3), options.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7.5), options.DownloadReadTimeout);

        Assert.Equal("/h/hub", HubEnvironment.Resolve(Env(("HF_HOME", "/h"), ("XDG_CACHE_HOME", "/xdg"))).CacheDirectory);
        Assert.Equal("/c", HubEnvironment.Resolve(Env(("HF_HOME", "/h"), ("HF_HUB_CACHE", "/c"))).CacheDirectory);
        Assert.Equal("/legacy", HubEnvironment.Resolve(Env(("HF_HOME", "/h"), ("HUGGINGFACE_HUB_CACHE", "/legacy"))).CacheDirectory);
        Assert.True(HubEnvironment.Resolve(Env(("HOME", "/h"), ("TRANSFORMERS_OFFLINE", "YES"))).Offline);
    }

    [Fact]
    public void Token_comes_from_HF_TOKEN_then_HF_TOKEN_PATH_then_the_token_file()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("token"), "hf_from_home\n");
        File.WriteAllText(dir.Combine("other"), "hf_from_path");

        Assert.Equal("hf_from_home", HubEnvironment.ReadToken(Env(("HF_HOME", dir.Path))));
        Assert.Equal("hf_from_path", HubEnvironment.ReadToken(Env(("HF_HOME", dir.Path), ("HF_TOKEN_PATH", dir.Combine("other")))));
        Assert.Equal("hf_env", HubEnvironment.ReadToken(Env(("HF_HOME", dir.Path), ("HF_TOKEN", "hf_env"))));
        Assert.Null(HubEnvironment.ReadToken(Env(("HF_HOME", dir.Combine("nothing-here")))));
    }

    [Fact]
    public void A_malformed_endpoint_is_refused_with_its_value()
    {
        var e = Assert.Throws<ArgumentException>(() => HubEnvironment.Resolve(Env(("HOME", "/h"), ("HF_ENDPOINT", "ftp://x"))));
        Assert.Contains("ftp://x", e.Message, StringComparison.Ordinal);
    }
}
