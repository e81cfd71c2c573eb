using System.Globalization;

namespace HubPlatform.Client;

/// <summary>
/// Resolves <see cref="HubClientOptions"/> from environment variables and the token file, with the names and precedence of
/// <c>huggingface_hub</c>: <c>HF_ENDPOINT</c>, <c>HF_TOKEN</c> then <c>HF_TOKEN_PATH</c> then <c>$HF_HOME/token</c>,
/// <c>HF_HUB_CACHE</c> (or the legacy <c>HUGGINGFACE_HUB_CACHE</c>) then <c>$HF_HOME/hub</c>, <c>HF_HUB_OFFLINE</c>
/// (or <c>TRANSFORMERS_OFFLINE</c>), <c>HF_HUB_DISABLE_PROGRESS_BARS</c>, <c>HF_HUB_DISABLE_SYMLINKS</c>,
/// <c>HF_HUB_ETAG_TIMEOUT</c> and <c>HF_HUB_DOWNLOAD_TIMEOUT</c>.
/// </summary>
public static class HubEnvironment
{
    /// <summary>The public Hub.</summary>
    public const string DefaultEndpoint = "https://huggingface.co";

    /// <summary>Options from the process environment.</summary>
    public static HubClientOptions Resolve() => Resolve(Environment.GetEnvironmentVariable);

    /// <summary>Options from the given variable lookup (tests pass their own).</summary>
    public static HubClientOptions Resolve(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var options = new HubClientOptions
        {
            Endpoint = ParseEndpoint(NonEmpty(getVariable("HF_ENDPOINT")) ?? DefaultEndpoint),
            Token = ReadToken(getVariable),
            CacheDirectory = DefaultCacheDirectory(getVariable),
            UploadStateDirectory = Path.Combine(HomeDirectory(getVariable), "hubplatform", "uploads"),
            Offline = IsTrue(getVariable("HF_HUB_OFFLINE")) || IsTrue(getVariable("TRANSFORMERS_OFFLINE")),
            DisableProgressBars = IsTrue(getVariable("HF_HUB_DISABLE_PROGRESS_BARS")),
            DisableSymlinks = IsTrue(getVariable("HF_HUB_DISABLE_SYMLINKS")),
        };
        if (Seconds(getVariable("HF_HUB_ETAG_TIMEOUT")) is { } etagTimeout)
        {
            options.RequestTimeout = etagTimeout;
        }

        if (Seconds(getVariable("HF_HUB_DOWNLOAD_TIMEOUT")) is { } downloadTimeout)
        {
            options.DownloadReadTimeout = downloadTimeout;
        }

        return options;
    }

    /// <summary><c>HF_HOME</c>, else <c>$XDG_CACHE_HOME/huggingface</c>, else <c>~/.cache/huggingface</c>.</summary>
    public static string HomeDirectory(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        if (NonEmpty(getVariable("HF_HOME")) is { } home)
        {
            return ExpandHome(home, getVariable);
        }

        var xdg = NonEmpty(getVariable("XDG_CACHE_HOME"))
                  ?? Path.Combine(UserProfile(getVariable), ".cache");
        return Path.Combine(ExpandHome(xdg, getVariable), "huggingface");
    }

    /// <summary>The hub cache root: <c>HF_HUB_CACHE</c>, <c>HUGGINGFACE_HUB_CACHE</c>, else <c>$HF_HOME/hub</c>.</summary>
    public static string DefaultCacheDirectory(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var explicitCache = NonEmpty(getVariable("HF_HUB_CACHE")) ?? NonEmpty(getVariable("HUGGINGFACE_HUB_CACHE"));
        return explicitCache is not null ? ExpandHome(explicitCache, getVariable) : Path.Combine(HomeDirectory(getVariable), "hub");
    }

    /// <summary>Where the token is stored: <c>HF_TOKEN_PATH</c>, else <c>$HF_HOME/token</c>.</summary>
    public static string TokenPath(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        return NonEmpty(getVariable("HF_TOKEN_PATH")) is { } path
            ? ExpandHome(path, getVariable)
            : Path.Combine(HomeDirectory(getVariable), "token");
    }

    /// <summary>
    /// <c>HF_TOKEN</c> if set, else the token file's content (trimmed), else <see langword="null"/>.
    /// </summary>
    public static string? ReadToken(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        if (NonEmpty(getVariable("HF_TOKEN")?.Trim()) is { } token)
        {
            return token;
        }

        var path = TokenPath(getVariable);
        try
        {
            return File.Exists(path) ? NonEmpty(File.ReadAllText(path).Trim()) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether a variable's value means "on" (<c>1</c>, <c>ON</c>, <c>YES</c>, <c>TRUE</c>, any case).</summary>
    public static bool IsTrue(string? value) =>
        value?.Trim().ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE";

    private static Uri ParseEndpoint(string value)
    {
        if (!Uri.TryCreate(value.TrimEnd('/'), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"HF_ENDPOINT '{value}' is not an http(s) URL.", nameof(value));
        }

        return uri;
    }

    private static TimeSpan? Seconds(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 ? TimeSpan.FromSeconds(s) : null;

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string UserProfile(Func<string, string?> getVariable) =>
        NonEmpty(getVariable("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    private static string ExpandHome(string path, Func<string, string?> getVariable) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(UserProfile(getVariable), path.TrimStart('~', '/')) : path;
}
