using HubPlatform.Hub;

namespace HubPlatform.Storage;

/// <summary>The <c>filter=lfs</c> rules of a <c>.gitattributes</c> file, and the default file of a new repository.</summary>
public sealed class GitAttributes
{
    /// <summary>Extensions a new repository stores through LFS (the kinds of files models and datasets are made of).</summary>
    public static readonly string[] DefaultLfsPatterns =
    [
        "*.7z", "*.arrow", "*.bin", "*.bz2", "*.ckpt", "*.ftz", "*.gz", "*.h5", "*.joblib", "*.lfs.*", "*.mlmodel", "*.model",
        "*.msgpack", "*.npy", "*.npz", "*.onnx", "*.ot", "*.parquet", "*.pb", "*.pickle", "*.pkl", "*.pt", "*.pth", "*.rar",
        "*.safetensors", "saved_model/**/*", "*.tar.*", "*.tar", "*.tflite", "*.tgz", "*.wasm", "*.xz", "*.zip", "*.zst", "*tfevents*",
        "*.gguf", "*.mp3", "*.wav", "*.flac", "*.png", "*.jpg", "*.jpeg", "*.webp",
    ];

    private readonly List<PathGlob> _lfs = [];

    public GitAttributes(string? text)
    {
        foreach (var raw in (text ?? string.Empty).Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var (pattern, rest) = SplitPattern(line);
            var attributes = rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

            // Git's rules (a pattern without '/' matches at any depth); a folder pattern ("dir/") matches no file.
            if (pattern.Length > 0 && attributes.Contains("filter=lfs") && !pattern.EndsWith('/'))
            {
                _lfs.Add(PathGlob.Git(pattern));
            }
        }
    }

    /// <summary>The text of a new repository's <c>.gitattributes</c>.</summary>
    public static string DefaultText => string.Concat(DefaultLfsPatterns.Select(p => $"{p} filter=lfs diff=lfs merge=lfs -text\n"));

    /// <summary>
    /// The line that puts exactly one path under LFS: glob characters in the name are escaped, and a name with spaces is
    /// quoted as git reads quoted patterns (C-style).
    /// </summary>
    public static string RuleFor(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var escaped = new System.Text.StringBuilder();
        foreach (var c in path)
        {
            escaped.Append(c is '*' or '?' or '[' or '\\' or '!' or '#' ? "\\" + c : c.ToString());
        }

        var pattern = escaped.ToString();
        if (pattern.Any(c => c is ' ' or '\t' or '"'))
        {
            pattern = "\"" + pattern.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        }

        return $"{pattern} filter=lfs diff=lfs merge=lfs -text\n";
    }

    // The pattern of a line and the attributes after it; a pattern in double quotes is unquoted C-style, as git does.
    private static (string Pattern, string Attributes) SplitPattern(string line)
    {
        if (!line.StartsWith('"'))
        {
            var end = line.IndexOfAny([' ', '\t']);
            return end < 0 ? (line, string.Empty) : (line[..end], line[end..]);
        }

        var pattern = new System.Text.StringBuilder();
        for (var i = 1; i < line.Length; i++)
        {
            switch (line[i])
            {
                case '"':
                    return (pattern.ToString(), line[(i + 1)..]);
                case '\\' when i + 1 < line.Length:
                    var next = line[++i];
                    pattern.Append(next switch { 't' => '\t', 'n' => '\n', _ => next });
                    break;
                default:
                    pattern.Append(line[i]);
                    break;
            }
        }

        // An unclosed quote: git ignores the line.
        return (string.Empty, string.Empty);
    }

    /// <summary>Whether a path is stored through LFS by these rules.</summary>
    public bool IsLfs(string path) => _lfs.Exists(g => g.IsMatch(path));
}
