using System.Text.Json.Nodes;

namespace HubPlatform.Cards.Tests;

/// <summary>The JSON Schemas in schemas/ and the validator give the same verdict on the same metadata.</summary>
public class SchemaAgreementTests
{
    private static readonly string SchemaFolder = FindSchemas();

    public static TheoryData<string, CardKind> Cases() => new()
    {
        { "license: mit\ntags: [a]\npipeline_tag: fill-mask", CardKind.Model },
        { "license: nope", CardKind.Model },
        { "license: {x: 1}", CardKind.Model },
        { "pipeline_tag: bogus", CardKind.Model },
        { "pipeline_tag: [fill-mask]", CardKind.Model },
        { "datasets: [acme/ok, imdb]", CardKind.Model },
        { "datasets: [bad--id]", CardKind.Model },
        { "base_model: a/b.git", CardKind.Model },
        { "base_model: [a/b, c/d]", CardKind.Model },
        { "base_model_relation: quantized", CardKind.Model },
        { "base_model_relation: other", CardKind.Model },
        { "tags: {a: 1}", CardKind.Model },
        { "model-index: foo", CardKind.Model },
        { "model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics: [{type: a, value: 0.5}]", CardKind.Model },
        { "model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics: [{type: a, value: '12 ± 1'}]", CardKind.Model },
        { "model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics: [{type: a, value: high}]", CardKind.Model },
        { "model-index:\n- name: m\n  results:\n  - task: {type: t}\n    metrics: [{type: a, value: 1}]", CardKind.Model },
        { "model-index:\n- results: []", CardKind.Model },
        { "model-index:\n- name: m\n  results:\n  - task: {name: t}\n    dataset: {type: d, name: D}\n    metrics: [{type: a, value: 1}]", CardKind.Model },
        { "size_categories: 1K<n<10K\ntask_categories: [translation]", CardKind.Dataset },
        { "size_categories: [1k<n<10k]", CardKind.Dataset },
        { "task_categories: unknown-task", CardKind.Dataset },
        { "license: [mit, cc-by-4.0]", CardKind.Dataset },
        { "license: [mit, nope]", CardKind.Dataset },
        { "configs: [a, b]", CardKind.Dataset },
        { "configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: data/*.csv", CardKind.Dataset },
        { "configs:\n- data_files: a.csv", CardKind.Dataset },
        { "configs:\n- config_name: a\n  data_files: {x: 1}", CardKind.Dataset },
        { "configs:\n- config_name: a\n  data_files:\n  - split: train", CardKind.Dataset },
        { "configs: nope", CardKind.Dataset },
        { "dataset_info: 5", CardKind.Dataset },
        { "dataset_info:\n  splits:\n  - name: train\n    num_examples: 3", CardKind.Dataset },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validator_and_schema_agree(string yaml, CardKind kind)
    {
        var card = Card.Parse("---\n" + yaml + "\n---\n");
        var validatorErrors = new CardValidator().Validate(card, kind).Where(p => p.Severity == ProblemSeverity.Error).Select(p => p.Code).ToList();
        var schemaErrors = new MiniJsonSchema(SchemaFolder).Errors(kind == CardKind.Model ? "model-card.schema.json" : "dataset-card.schema.json", card.Metadata);

        Assert.True(validatorErrors.Count == 0 == (schemaErrors.Count == 0), $"validator: [{string.Join(", ", validatorErrors)}]; schema: [{string.Join(", ", schemaErrors)}]");
    }

    [Fact]
    public void The_validator_reads_its_lists_from_the_schema_files()
    {
        var defs = JsonNode.Parse(File.ReadAllText(Path.Combine(SchemaFolder, "hub-defs.schema.json")))!["$defs"]!;
        string[] Enum(string name) => defs[name]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray();

        var vocabulary = CardVocabulary.Default;
        Assert.Equal(Enum("license"), vocabulary.Licenses.Order(StringComparer.Ordinal));
        Assert.Equal(Enum("pipelineTag"), vocabulary.PipelineTags.Order(StringComparer.Ordinal));
        Assert.Equal(Enum("sizeCategory"), vocabulary.SizeCategories.Order(StringComparer.Ordinal));
        Assert.Contains("apache-2.0", (IReadOnlySet<string>)vocabulary.Licenses);
        Assert.Contains("text-classification", (IReadOnlySet<string>)vocabulary.PipelineTags);
        Assert.True(vocabulary.LanguageCodes.Count > 7000);
        Assert.Equal(File.ReadAllLines(Path.Combine(SchemaFolder, "iso-639-codes.txt")).Where(l => l.Length > 0).Order(StringComparer.Ordinal), vocabulary.LanguageCodes.Order(StringComparer.Ordinal));
    }

    private static string FindSchemas()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "schemas", "hub-defs.schema.json");
            if (File.Exists(candidate))
            {
                return Path.GetDirectoryName(candidate)!;
            }
        }

        throw new InvalidOperationException("schemas/ not found above the test folder.");
    }
}
