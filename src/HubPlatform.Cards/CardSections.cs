namespace HubPlatform.Cards;

/// <summary>
/// The sections a good card has, each with the heading words that count for it (matched as whole words in a heading,
/// case-insensitively). Model cards follow the Hub's model card template; dataset cards its dataset card template.
/// </summary>
public static class CardSections
{
    /// <summary>Model card sections.</summary>
    public static IReadOnlyList<(string Name, string[] Synonyms)> Model { get; } =
    [
        ("description", ["model description", "model details", "description", "overview", "about", "summary", "introduction", "model card for", "model summary"]),
        ("intended_uses", ["intended uses", "intended use", "uses", "use cases", "direct use", "downstream use", "out-of-scope use", "out of scope"]),
        ("how_to_use", ["how to use", "how to get started", "usage", "getting started", "quickstart", "quick start", "inference", "example usage", "examples"]),
        ("training_data", ["training data", "training dataset", "training datasets", "data"]),
        ("training_procedure", ["training procedure", "training details", "training", "fine-tuning", "finetuning", "training hyperparameters"]),
        ("evaluation", ["evaluation", "evaluation results", "results", "performance", "benchmarks", "benchmark", "metrics"]),
        ("bias_risks_limitations", ["bias", "biases", "risks", "limitations", "ethical considerations", "ethics", "safety"]),
        ("environmental_impact", ["environmental impact", "carbon", "co2", "emissions", "compute infrastructure"]),
        ("citation", ["citation", "bibtex", "cite", "citing", "reference", "references"]),
    ];

    /// <summary>Dataset card sections.</summary>
    public static IReadOnlyList<(string Name, string[] Synonyms)> Dataset { get; } =
    [
        ("description", ["dataset description", "dataset summary", "description", "summary", "overview", "about", "dataset card for"]),
        ("uses", ["uses", "supported tasks", "intended uses", "direct use", "leaderboards"]),
        ("structure", ["dataset structure", "data fields", "data instances", "data splits", "structure"]),
        ("creation", ["dataset creation", "curation rationale", "creation", "collection"]),
        ("source_data", ["source data", "data collection", "initial data collection"]),
        ("annotations", ["annotations", "annotation process", "annotators"]),
        ("bias_risks_limitations", ["bias", "biases", "risks", "limitations", "considerations", "social impact", "personal and sensitive information"]),
        ("license", ["licensing information", "license", "licensing"]),
        ("citation", ["citation", "bibtex", "cite", "citation information", "reference", "references"]),
    ];
}
