namespace HubPlatform.Hub;

/// <summary>The spellings of a <see cref="RepoType"/> on the wire and on disk.</summary>
public static class RepoTypeExtensions
{
    /// <summary>The plural segment used under <c>/api/</c>: <c>models</c>, <c>datasets</c>, <c>spaces</c>.</summary>
    public static string ApiSegment(this RepoType type) => type switch
    {
        RepoType.Model => "models",
        RepoType.Dataset => "datasets",
        RepoType.Space => "spaces",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown repository type."),
    };

    /// <summary>The prefix of non-API paths (<c>/resolve</c>, <c>.git/</c>, web pages): empty for models.</summary>
    public static string UrlPrefix(this RepoType type) => type == RepoType.Model ? string.Empty : type.ApiSegment() + "/";

    /// <summary>The singular name sent in JSON bodies (<c>"type": "dataset"</c>).</summary>
    public static string SingularName(this RepoType type) => type switch
    {
        RepoType.Model => "model",
        RepoType.Dataset => "dataset",
        RepoType.Space => "space",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown repository type."),
    };

    /// <summary>
    /// Parses <c>model</c>, <c>dataset</c>, <c>space</c> or their plurals, case-insensitively.
    /// </summary>
    /// <exception cref="ArgumentException">The text names no repository type.</exception>
    public static RepoType Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value, out var type) ? type : throw new ArgumentException($"'{value}' is not a repository type: use model, dataset or space.", nameof(value));
    }

    /// <summary>Reads <c>model</c>, <c>dataset</c> or <c>space</c> (singular or plural, any case).</summary>
    public static bool TryParse(string? value, out RepoType type)
    {
        (var known, type) = value?.Trim().ToLowerInvariant() switch
        {
            "model" or "models" => (true, RepoType.Model),
            "dataset" or "datasets" => (true, RepoType.Dataset),
            "space" or "spaces" => (true, RepoType.Space),
            _ => (false, RepoType.Model),
        };
        return known;
    }
}
