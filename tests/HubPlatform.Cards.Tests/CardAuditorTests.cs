namespace HubPlatform.Cards.Tests;

public class CardAuditorTests
{
    private static CardAudit Audit(string text, CardKind kind = CardKind.Model) => new CardAuditor().Audit(Card.Parse(text), kind);

    [Fact]
    public void Sections_are_found_by_heading_synonyms_and_placeholders_count_as_empty()
    {
        var audit = Audit("""
            ---
            license: mit
            ---
            # Model Card for tiny

            A tiny model that does things.

            ## Uses
            ### Direct Use
            Classify reviews.

            ## How to Get Started with the Model
            [More Information Needed]

            ## Training Details
            <!-- fill me -->

            ## Evaluation Results
            | Metric | Value |
            |---|---|
            | accuracy | 0.9 |

            ## Citation
            {{ citation | default("") }}
            """);

        Assert.Equal(SectionState.Present, audit.Sections["description"]);
        Assert.Equal(SectionState.Present, audit.Sections["intended_uses"]);
        Assert.Equal(SectionState.Empty, audit.Sections["how_to_use"]);
        Assert.Equal(SectionState.Empty, audit.Sections["training_procedure"]);
        Assert.Equal(SectionState.Present, audit.Sections["evaluation"]);
        Assert.Equal(SectionState.Empty, audit.Sections["citation"]);
        Assert.Equal(SectionState.Missing, audit.Sections["environmental_impact"]);
        Assert.Equal(9, audit.Sections.Count);
    }

    [Theory]
    [InlineData("## Training\n### Hyperparameters\nlr 1e-4\n", SectionState.Present)]
    [InlineData("## Training\n[More Information Needed]\n### Hyperparameters\n[More Information Needed]\n", SectionState.Empty)]
    [InlineData("## Training\nTODO, n/a, Coming soon {{ hyper }}\n", SectionState.Empty)]
    [InlineData("## Training\n<!-- unclosed comment hides the rest\nlr 1e-4\n", SectionState.Empty)]
    [InlineData("## Training\n<!-- a note -->Optionally warm up.\n", SectionState.Present)]
    [InlineData("## Training\n{{ not closed\n", SectionState.Present)]
    [InlineData("## Training\n\n## Citation\nbib\n", SectionState.Empty)]
    public void A_section_says_something_only_outside_comments_variables_and_placeholders(string body, SectionState expected)
    {
        Assert.Equal(expected, Audit("---\nlicense: mit\n---\n" + body).Sections["training_procedure"]);
    }

    [Fact]
    public void Score_follows_the_documented_formula()
    {
        // license (8) + pipeline_tag (6) of the 40 metadata points, and 2 of 9 sections present: 14 + 60 * 2 / 9 = 27.3.
        var audit = Audit("---\nlicense: mit\npipeline_tag: fill-mask\n---\n# About\nText.\n## Citation\nbib\n## Training\n");
        Assert.Equal(27, audit.Score);

        var empty = Audit("nothing here");
        Assert.Equal(0, empty.Score);
    }

    [Fact]
    public void A_fully_described_model_scores_100()
    {
        var body = string.Join("\n", CardSections.Model.Select(s => $"## {s.Synonyms[0]}\nWritten.\n"));
        var audit = Audit($$"""
            ---
            license: mit
            language: en
            pipeline_tag: text-classification
            library_name: transformers
            tags: [x]
            datasets: [imdb]
            model-index:
            - name: m
              results:
              - task: {type: text-classification}
                dataset: {type: imdb, name: IMDB}
                metrics: [{type: accuracy, value: 0.9}]
            ---
            imdb
            {{body}}
            """);

        Assert.Equal(100, audit.Score);
        Assert.Empty(audit.Findings);
    }

    [Theory]
    [InlineData("| accuracy | 0.91 |", false)]
    [InlineData("| accuracy | 91.0 |", false)]
    [InlineData("| accuracy | 91.0% |", false)]
    [InlineData("| accuracy | 0.87 |", true)]
    [InlineData("| Test accuracy | 87.5 |", true)]
    public void Evaluation_tables_are_compared_with_model_index(string row, bool mismatch)
    {
        var audit = Audit($$"""
            ---
            model-index:
            - name: m
              results:
              - task: {type: text-classification}
                dataset: {type: imdb, name: IMDB}
                metrics: [{type: accuracy, value: 0.91, name: Test accuracy}]
            ---
            Trained on IMDB.

            ## Results

            | Metric | Value |
            |---|---|
            {{row}}
            """);

        var finding = audit.Findings.SingleOrDefault(f => f.Code == CardCodes.EvalTableMismatch);
        Assert.Equal(mismatch, finding is not null);
        if (finding is not null)
        {
            Assert.Equal(13, finding.Line);
            Assert.Contains("0.91", finding.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_table_with_the_metric_as_a_column_is_compared_too()
    {
        var audit = Audit("---\nmodel-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics: [{type: wer, value: 5.0}]\n---\nD\n\n| Dataset | WER |\n|---|---|\n| D | 7.5 |\n");

        Assert.Contains(audit.Findings, f => f.Code == CardCodes.EvalTableMismatch);
    }

    [Fact]
    public void A_license_named_in_the_text_must_match_the_metadata()
    {
        Assert.Contains(Audit("---\nlicense: mit\n---\nReleased under the Apache License 2.0.\n").Findings, f => f.Code == CardCodes.LicenseBodyMismatch && f.Line == 4);
        Assert.DoesNotContain(Audit("---\nlicense: apache-2.0\n---\nReleased under the Apache License, Version 2.0.\n").Findings, f => f.Code == CardCodes.LicenseBodyMismatch);
        Assert.DoesNotContain(Audit("---\nlicense: other\n---\nMIT License\n").Findings, f => f.Code == CardCodes.LicenseBodyMismatch);
    }

    [Fact]
    public void The_first_line_naming_another_license_is_the_one_reported()
    {
        // The list checks Apache before CC-BY-4.0; the line order, not the list order, decides.
        var findings = Audit("---\nlicense: mit\n---\nIntro.\n\nImages are CC-BY-4.0.\nCode is Apache 2.0.\n").Findings;

        var finding = Assert.Single(findings, f => f.Code == CardCodes.LicenseBodyMismatch);
        Assert.Equal(6, finding.Line);
        Assert.Contains("cc-by-4.0", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(">")]
    [InlineData("[")]
    public void Markdown_nested_past_the_parsers_limit_is_a_finding_not_a_failure(string nesting)
    {
        var audit = Audit("---\nlicense: mit\n---\n# About\n" + string.Concat(Enumerable.Repeat(nesting, 100_000)) + " Apache License 2.0\n");

        Assert.Contains(audit.Findings, f => f.Code == CardCodes.BodyUnreadable && f.Line == 4);
        Assert.Contains(audit.Findings, f => f.Code == CardCodes.LicenseBodyMismatch);
        Assert.All(audit.Sections.Values, s => Assert.Equal(SectionState.Missing, s));
    }

    [Fact]
    public void Base_models_and_datasets_the_text_never_mentions_are_findings()
    {
        var audit = Audit("---\nbase_model: acme/base-7b\ndatasets: [acme/reviews, imdb]\n---\nFine-tuned from base-7b on IMDB.\n");

        var finding = Assert.Single(audit.Findings);
        Assert.Equal(CardCodes.DatasetNotMentioned, finding.Code);
        Assert.Contains("acme/reviews", finding.Message, StringComparison.Ordinal);
        Assert.Contains(Audit("---\nbase_model: acme/other\n---\nText.\n").Findings, f => f.Code == CardCodes.BaseModelNotMentioned);
    }

    [Fact]
    public void Dataset_cards_are_audited_against_the_dataset_template()
    {
        var audit = Audit("---\npretty_name: R\nlicense: mit\nlanguage: en\ntask_categories: [translation]\nsize_categories: n<1K\nconfigs:\n- config_name: default\n---\n## Dataset Summary\nText\n## Data Fields\n- a\n## Licensing Information\nMIT\n", CardKind.Dataset);

        Assert.Equal(SectionState.Present, audit.Sections["description"]);
        Assert.Equal(SectionState.Present, audit.Sections["structure"]);
        Assert.Equal(SectionState.Present, audit.Sections["license"]);
        Assert.Equal(SectionState.Missing, audit.Sections["annotations"]);
        Assert.Equal(40 + 20, audit.Score);
    }
}
