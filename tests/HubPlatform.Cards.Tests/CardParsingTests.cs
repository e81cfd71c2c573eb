using System.Text;
using System.Text.Json.Nodes;

namespace HubPlatform.Cards.Tests;

public class CardParsingTests
{
    [Fact]
    public void Front_matter_and_body_are_split_at_the_fences()
    {
        var card = Card.Parse("---\nlicense: mit\ntags:\n- a\n---\n# Title\n\nText\n");

        Assert.True(card.Document.HasFrontMatter);
        Assert.Equal("license: mit\ntags:\n- a\n", card.Document.Yaml);
        Assert.Equal("# Title\n\nText\n", card.Body);
        Assert.Equal(2, card.Document.YamlFirstLine);
        Assert.Equal(6, card.Document.BodyFirstLine);
        Assert.Equal("mit", card.Metadata!["license"]!.GetValue<string>());
        Assert.Empty(card.ParseProblems);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Crlf_and_cr_line_endings_split_the_same_way(string nl)
    {
        var card = Card.Parse($"---{nl}license: mit{nl}language: en{nl}---{nl}# Body{nl}");

        Assert.Equal("mit", card.ModelData.License);
        Assert.Equal(["en"], card.ModelData.Language);
        Assert.Equal($"# Body{nl}", card.Body);
        Assert.Equal(5, card.Document.BodyFirstLine);
        Assert.Equal(nl, card.Document.NewLine);
    }

    [Fact]
    public void A_utf8_bom_is_noted_and_kept_on_save()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("---\nlicense: mit\n---\nbody\n")).ToArray();

        var card = Card.Parse(Card.Decode(bytes));

        Assert.True(card.Document.HasBom);
        Assert.Equal("mit", card.ModelData.License);
        Assert.Equal(bytes, card.Save());
    }

    [Fact]
    public void Leading_blank_lines_and_trailing_blanks_on_fences_are_allowed()
    {
        var card = Card.Parse("\n  \n---  \nlicense: mit\n---\t\nbody");

        Assert.Equal("mit", card.ModelData.License);
        Assert.Equal("body", card.Body);
    }

    [Fact]
    public void A_card_without_front_matter_has_no_metadata_and_a_warning()
    {
        var card = Card.Parse("# Just markdown\n---\nnot: metadata\n---\n");

        Assert.False(card.Document.HasFrontMatter);
        Assert.Null(card.Metadata);
        var problem = Assert.Single(new CardValidator().Validate(card, CardKind.Model));
        Assert.Equal(CardCodes.NoMetadata, problem.Code);
        Assert.Equal(ProblemSeverity.Warning, problem.Severity);
    }

    [Fact]
    public void A_card_with_only_front_matter_has_an_empty_body()
    {
        var card = Card.Parse("---\npretty_name: X\nsize_categories: n<1K\n---");

        Assert.Equal(string.Empty, card.Body);
        Assert.Equal("X", card.DatasetData.PrettyName);
        Assert.Equal(CardKind.Dataset, card.GuessedKind);
    }

    [Fact]
    public void An_unclosed_front_matter_is_reported_and_read_as_no_metadata()
    {
        var card = Card.Parse("---\nlicense: mit\n# Title\n");

        Assert.Null(card.Metadata);
        Assert.Equal(CardCodes.FrontMatterUnclosed, Assert.Single(card.ParseProblems).Code);
    }

    [Theory]
    [InlineData("---\n- a\n- b\n---\n", "list", 2)]
    [InlineData("---\njust a string\n---\n", "single value", 2)]
    public void Front_matter_that_is_not_a_mapping_is_an_error(string text, string what, int line)
    {
        var card = Card.Parse(text);

        var problem = Assert.Single(card.ParseProblems);
        Assert.Equal(CardCodes.FrontMatterNotMapping, problem.Code);
        Assert.Contains(what, problem.Message, StringComparison.Ordinal);
        Assert.Equal(line, problem.Line);
        Assert.Null(card.Metadata);
    }

    [Fact]
    public void Invalid_yaml_names_the_line_and_column_in_the_readme()
    {
        var card = Card.Parse("\n---\nlicense: mit\ntags: [a, b\nlanguage: en\n---\nbody\n");

        var problem = Assert.Single(card.ParseProblems);
        Assert.Equal(CardCodes.YamlSyntax, problem.Code);
        Assert.Equal(ProblemSeverity.Error, problem.Severity);
        Assert.InRange(problem.Line, 3, 6);
        Assert.True(problem.Column >= 1);
    }

    [Fact]
    public void Duplicate_keys_are_a_yaml_error()
    {
        var card = Card.Parse("---\nlicense: mit\nlicense: apache-2.0\n---\n");

        Assert.Equal(CardCodes.YamlSyntax, Assert.Single(card.ParseProblems).Code);
    }

    [Fact]
    public void Scalars_resolve_like_js_yaml()
    {
        var card = Card.Parse("---\na: 3\nb: 3.5\nc: true\nd: no\ne: '3'\nf: null\ng: ~\nh: 1e3\ni: 0x1F\nj: yes\nk: 2025-01-01\n---\n");
        var m = card.Metadata!;

        Assert.Equal(3, m["a"]!.GetValue<long>());
        Assert.Equal(3.5, m["b"]!.GetValue<double>());
        Assert.True(m["c"]!.GetValue<bool>());
        Assert.Equal("no", m["d"]!.GetValue<string>());
        Assert.Equal("3", m["e"]!.GetValue<string>());
        Assert.Null(m["f"]);
        Assert.Null(m["g"]);
        Assert.Equal(1000.0, m["h"]!.GetValue<double>());
        Assert.Equal(31, m["i"]!.GetValue<long>());
        Assert.Equal("yes", m["j"]!.GetValue<string>());
        Assert.Equal("2025-01-01", m["k"]!.GetValue<string>());
    }

    [Fact]
    public void Model_card_data_types_every_documented_key_and_keeps_the_rest()
    {
        var card = Card.Parse("""
            ---
            language: [en, fr]
            license: other
            license_name: acme-1.0
            license_link: LICENSE
            library_name: transformers
            tags: [a, b]
            datasets: acme/reviews
            metrics: [accuracy]
            base_model: [acme/a, acme/b]
            base_model_relation: merge
            new_version: acme/v2
            pipeline_tag: text-classification
            thumbnail: https://x/y.png
            inference: false
            widget:
            - text: hello
            mask_token: "[MASK]"
            co2_eq_emissions: {emissions: 12.5, source: me}
            custom_key: {nested: [1, 2]}
            ---
            """);
        var data = card.ModelData;

        Assert.Equal(["en", "fr"], data.Language);
        Assert.Equal("other", data.License);
        Assert.Equal("acme-1.0", data.LicenseName);
        Assert.Equal("LICENSE", data.LicenseLink);
        Assert.Equal("transformers", data.LibraryName);
        Assert.Equal(["a", "b"], data.Tags);
        Assert.Equal(["acme/reviews"], data.Datasets);
        Assert.Equal(["accuracy"], data.Metrics);
        Assert.Equal(["acme/a", "acme/b"], data.BaseModel);
        Assert.Equal("merge", data.BaseModelRelation);
        Assert.Equal("acme/v2", data.NewVersion);
        Assert.Equal("text-classification", data.PipelineTag);
        Assert.Equal("https://x/y.png", data.Thumbnail);
        Assert.False(data.Inference!.GetValue<bool>());
        Assert.Equal("hello", data.Widget![0]!["text"]!.GetValue<string>());
        Assert.Equal("[MASK]", data.MaskToken);
        Assert.Equal(12.5, data.Co2EqEmissions!["emissions"]!.GetValue<double>());
        Assert.Equal("[1,2]", data.Extra["custom_key"]!["nested"]!.ToJsonString());
        Assert.Single(data.Extra);
    }

    [Fact]
    public void Dataset_card_data_reads_configs_and_dataset_info()
    {
        var card = Card.Parse("""
            ---
            pretty_name: Reviews
            license: [cc-by-4.0, mit]
            size_categories: 10K<n<100K
            task_categories: [text-classification]
            task_ids: [sentiment-classification]
            multilinguality: monolingual
            annotations_creators: [crowdsourced]
            source_datasets: [original]
            configs:
            - config_name: default
              default: true
              data_files:
              - split: train
                path: data/train-*.parquet
              - split: test
                path: [holdout/a.csv, holdout/b.csv]
            - config_name: raw
              data_files: raw/*.jsonl
            dataset_info:
              config_name: default
              features:
              - name: text
                dtype: string
              splits:
              - name: train
                num_bytes: 1048576
                num_examples: 5000
              download_size: 524288
              dataset_size: 1048576
            ---
            """);
        var data = card.DatasetData;

        Assert.Equal("Reviews", data.PrettyName);
        Assert.Equal(["cc-by-4.0", "mit"], data.Licenses);
        Assert.Equal(["10K<n<100K"], data.SizeCategories);
        Assert.Equal(["sentiment-classification"], data.TaskIds);
        Assert.Equal(2, data.Configs.Count);
        Assert.True(data.Configs[0].IsDefault);
        Assert.Equal(["holdout/a.csv", "holdout/b.csv"], data.Configs[0].DataFiles[1].Paths);
        Assert.Equal("train", data.Configs[1].DataFiles[0].Split);
        Assert.Equal(5000, data.DatasetInfo.Single().Splits.Single().NumExamples);
        Assert.Equal(524288, data.DatasetInfo.Single().DownloadSize);
        Assert.Equal(CardKind.Dataset, card.GuessedKind);
        Assert.Empty(data.Extra);
    }

    [Fact]
    public void Metadata_is_a_snapshot_the_typed_view_cannot_change()
    {
        var card = Card.Parse("---\ntags: [a]\n---\n");
        var json = card.ModelData.ToJson();
        ((JsonArray)json["tags"]!).Add("b");

        Assert.Equal(["a"], card.ModelData.Tags);
    }
}
