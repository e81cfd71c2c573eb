using System.Text;
using System.Text.Json.Nodes;

namespace HubPlatform.Cards.Tests;

public class CardEditingTests
{
    private const string Original = """
        ---
        # Model metadata, hand-written.
        language:
        - en   # primary
        license: 'mit'
        tags: [a, "b"]

        # Evaluation
        model-index:
        - name: tiny
          results: []
        ---
        # Tiny

        Body text.

        """;

    [Fact]
    public void Load_then_save_without_changes_gives_the_same_bytes()
    {
        var bytes = Encoding.UTF8.GetBytes(Original.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(bytes, Card.Parse(Card.Decode(bytes)).Save());
    }

    [Fact]
    public void Setting_a_field_changes_only_its_lines()
    {
        var edited = Card.Parse(Original).With("license", JsonValue.Create("apache-2.0"));

        Assert.Equal(Original.Replace("license: 'mit'\n", "license: apache-2.0\n", StringComparison.Ordinal), edited.ToString());
        Assert.Equal("apache-2.0", edited.ModelData.License);
    }

    [Fact]
    public void Setting_a_list_field_keeps_comments_and_blank_lines_around_it()
    {
        var edited = Card.Parse(Original).With("tags", new JsonArray("x", "true", "3"));

        var expected = Original.Replace("tags: [a, \"b\"]\n", "tags:\n- x\n- \"true\"\n- \"3\"\n", StringComparison.Ordinal);
        Assert.Equal(expected, edited.ToString());
        Assert.Equal(["x", "true", "3"], edited.ModelData.Tags);
    }

    [Fact]
    public void Adding_a_field_appends_it_at_the_end_of_the_front_matter()
    {
        var edited = Card.Parse(Original).With("pipeline_tag", JsonValue.Create("fill-mask"));

        Assert.Equal(Original.Replace("  results: []\n---\n", "  results: []\npipeline_tag: fill-mask\n---\n", StringComparison.Ordinal), edited.ToString());
    }

    [Fact]
    public void Removing_a_field_removes_only_its_lines()
    {
        var card = Card.Parse(Original);

        Assert.Equal(Original.Replace("language:\n- en   # primary\n", string.Empty, StringComparison.Ordinal), card.Without("language").ToString());
        Assert.Equal(Original.Replace("model-index:\n- name: tiny\n  results: []\n", string.Empty, StringComparison.Ordinal), card.Without("model-index").ToString());
        Assert.Equal(Original, card.Without("not-there").ToString());
    }

    [Fact]
    public void Edits_keep_crlf_and_the_bom()
    {
        var text = "\uFEFF---\r\nlicense: mit\r\n---\r\nbody\r\n";

        var edited = Card.Parse(text).With("license", JsonValue.Create("cc-by-4.0")).With("tags", new JsonArray("a"));

        Assert.Equal("\uFEFF---\r\nlicense: cc-by-4.0\r\ntags:\r\n- a\r\n---\r\nbody\r\n", edited.ToString());
        Assert.Equal([0xEF, 0xBB, 0xBF], edited.Save()[..3]);
    }

    [Fact]
    public void Setting_a_field_on_a_card_without_metadata_creates_the_front_matter()
    {
        var edited = Card.Parse("# Title\n").With("license", JsonValue.Create("mit"));

        Assert.Equal("---\nlicense: mit\n---\n# Title\n", edited.ToString());
    }

    [Fact]
    public void Nested_values_are_written_as_block_yaml_that_reads_back_the_same()
    {
        var value = JsonNode.Parse("""{"emissions": 12.5, "source": "code carbon", "hardware_used": "8 x A100", "flag": true, "none": null}""")!;

        var edited = Card.Parse(Original).With("co2_eq_emissions", value);

        Assert.True(JsonNode.DeepEquals(value, edited.Metadata!["co2_eq_emissions"]));
        Assert.Contains("co2_eq_emissions:\n  emissions: 12.5\n", edited.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_card_with_invalid_yaml_cannot_be_edited()
    {
        var card = Card.Parse("---\nlicense: [mit\n---\n");

        var e = Assert.Throws<InvalidOperationException>(() => card.With("license", JsonValue.Create("mit")));
        Assert.Contains("not valid YAML", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flow_mapping_front_matter_cannot_be_edited_line_by_line()
    {
        var card = Card.Parse("---\n{license: mit, tags: [a]}\n---\n");

        Assert.Throws<InvalidOperationException>(() => card.With("license", JsonValue.Create("apache-2.0")));
    }

    [Fact]
    public void Eval_results_flatten_and_nest_back_to_the_same_model_index()
    {
        var card = Card.Parse("""
            ---
            model-index:
            - name: tiny-bert
              results:
              - task: {type: fill-mask, name: Masked LM}
                dataset: {name: WikiText-103, type: wikitext, config: wikitext-103-raw-v1, split: test, revision: 5e1c}
                metrics:
                - {type: perplexity, value: 12.7, name: Test PPL}
                - {type: accuracy, value: "20.0 ± 1.2", verified: false}
                source: {name: Internal eval, url: https://mirror.example/acme/evals}
              - task: {type: text-classification}
                dataset: {name: SST-2, type: sst2}
                metrics:
                - {type: accuracy, value: 0.91}
            ---
            """);
        var data = card.ModelData;

        Assert.Equal("tiny-bert", data.ModelName);
        Assert.Equal(3, data.EvalResults.Count);
        var first = data.EvalResults[0];
        Assert.Equal(("fill-mask", "Masked LM", "wikitext", "WikiText-103", "wikitext-103-raw-v1", "test", "5e1c"), (first.TaskType, first.TaskName, first.DatasetType, first.DatasetName, first.DatasetConfig, first.DatasetSplit, first.DatasetRevision));
        Assert.Equal(("perplexity", 12.7, "Test PPL", "Internal eval"), (first.MetricType, first.NumericValue!.Value, first.MetricName, first.SourceName));
        Assert.Equal(20.0, data.EvalResults[1].NumericValue);
        Assert.False(data.EvalResults[1].Verified);

        var nested = ModelIndex.FromEvalResults(data.ModelName!, data.EvalResults);

        Assert.True(JsonNode.DeepEquals(card.Metadata!["model-index"], nested), nested.ToJsonString());
    }

    [Fact]
    public void Incomplete_model_index_entries_are_skipped_when_flattening()
    {
        var card = Card.Parse("---\nmodel-index:\n- name: m\n  results:\n  - task: {type: t}\n    metrics: [{type: acc, value: 1}]\n---\n");

        Assert.Empty(card.ModelData.EvalResults);
        Assert.Equal("m", card.ModelData.ModelName);
    }
}
