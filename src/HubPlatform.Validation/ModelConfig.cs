using System.Text.Json;

namespace HubPlatform.Validation;

/// <summary>What a transformers <c>config.json</c> says about a model: its architectures, type, labels and vocabulary.</summary>
/// <param name="Architectures">The <c>architectures</c> list.</param>
/// <param name="ModelType">The <c>model_type</c>.</param>
/// <param name="Labels">The labels of <c>id2label</c>, in id order.</param>
/// <param name="VocabularySize">The <c>vocab_size</c>.</param>
public sealed record ModelConfig(IReadOnlyList<string> Architectures, string? ModelType, IReadOnlyList<string> Labels, int? VocabularySize)
{
    private const long MaxBytes = 4 * 1024 * 1024;

    /// <summary>The config.json beside the model, else at the root of its folder; null when there is none that reads as one.</summary>
    public static ModelConfig? Find(string model, string root)
    {
        foreach (var folder in new[] { Path.GetDirectoryName(Path.GetFullPath(model))!, Path.GetFullPath(root) }.Distinct())
        {
            var path = Path.Combine(folder, "config.json");
            if (File.Exists(path) && new FileInfo(path).Length <= MaxBytes && Parse(File.ReadAllText(path)) is { } config)
            {
                return config;
            }
        }

        return null;
    }

    /// <summary>A config from its text; null when it is not a JSON object.</summary>
    public static ModelConfig? Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var architectures = root.TryGetProperty("architectures", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!).ToList()
                : [];
            var modelType = root.TryGetProperty("model_type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
            var labels = new SortedDictionary<int, string>();
            if (root.TryGetProperty("id2label", out var map) && map.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in map.EnumerateObject())
                {
                    if (int.TryParse(entry.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && entry.Value.ValueKind == JsonValueKind.String)
                    {
                        labels[id] = entry.Value.GetString()!;
                    }
                }
            }

            int? vocabulary = root.TryGetProperty("vocab_size", out var size) && size.TryGetInt32(out var v) && v > 0 ? v : null;
            return new ModelConfig(architectures, modelType, [.. labels.Values], vocabulary);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
