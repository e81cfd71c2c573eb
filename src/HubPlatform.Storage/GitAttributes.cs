using Microsoft.Extensions.FileSystemGlobbing;

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

    private readonly Matcher _lfs = new(StringComparison.Ordinal);
    private readonly bool _any;

    public GitAttributes(string? text)
    {
        foreach (var raw in (text ?? string.Empty).Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 1 && parts.Skip(1).Contains("filter=lfs"))
            {
                // A pattern without '/' matches at any depth, as in git.
                var pattern = parts[0].TrimStart('/');
                _lfs.AddInclude(pattern);
                if (!parts[0].Contains('/', StringComparison.Ordinal))
                {
                    _lfs.AddInclude("**/" + pattern);
                }

                _any = true;
            }
        }
    }

    /// <summary>The text of a new repository's <c>.gitattributes</c>.</summary>
    public static string DefaultText => string.Concat(DefaultLfsPatterns.Select(p => $"{p} filter=lfs diff=lfs merge=lfs -text\n"));

    /// <summary>The line that puts one path under LFS.</summary>
    public static string RuleFor(string path) => $"{path.Replace(" ", "\\ ", StringComparison.Ordinal)} filter=lfs diff=lfs merge=lfs -text\n";

    /// <summary>Whether a path is stored through LFS by these rules.</summary>
    public bool IsLfs(string path) => _any && _lfs.Match(path).HasMatches;
}
