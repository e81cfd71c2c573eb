using HubPlatform.Hub.Validation;

namespace HubPlatform.Cards.Tests;

public class ModelEvidenceAuditorTests
{
    private static ModelValidation Onnx(string file, string task, bool verified, long parameters, params string[] labels) => new()
    {
        File = file,
        Format = "onnx",
        IrVersion = 8,
        Parameters = new ModelParameters { Total = parameters },
        Task = new ModelTask { Name = task, Verified = verified, Labels = labels },
    };

    private static IReadOnlyList<AuditFinding> Audit(string card, params ModelValidation[] models) =>
        ModelEvidenceAuditor.Audit(Card.Parse(card), new ModelEvidence(models, ["config.json"]));

    [Fact]
    public void Declared_task_other_than_the_verified_one_is_a_finding_at_the_key_line()
    {
        var findings = Audit("---\nlicense: mit\npipeline_tag: token-classification\n---\n# m\n", Onnx("onnx/model.onnx", "text-classification", true, 100));

        var finding = Assert.Single(findings);
        Assert.Equal(CardCodes.TaskMismatch, finding.Code);
        Assert.Equal(3, finding.Line);
        Assert.Contains("'text-classification'", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text-classification", "text-classification", true)]
    [InlineData("translation", "text2text-generation", true)]
    [InlineData("sentence-similarity", "feature-extraction", true)]
    [InlineData("fill-mask", "text-generation", false)]
    public void Tasks_of_one_family_agree(string declared, string verified, bool agrees) =>
        Assert.Equal(agrees, ModelEvidenceAuditor.SameFamily(verified, declared));

    [Fact]
    public void An_unverified_task_is_no_finding_for_it_was_not_shown()
    {
        Assert.Empty(Audit("---\npipeline_tag: token-classification\n---\n", Onnx("model.onnx", "text-classification", false, 100)));
    }

    [Theory]
    [InlineData("---\nnum_parameters: 1000000\n---\n", 1_000_000)]
    [InlineData("---\nparams: 110M\n---\n", 110_000_000)]
    [InlineData("---\nlicense: mit\n---\nA 1.3B parameters decoder.\n", 1_300_000_000)]
    [InlineData("---\nlicense: mit\n---\nIt has 22,713,216 trainable parameters.\n", 22_713_216)]
    [InlineData("---\nlicense: mit\n---\n| Parameters | 66 million |\n|---|---|\n", 66_000_000)]
    [InlineData("---\nlicense: mit\n---\n**Number of parameters:** 7b\n", 7_000_000_000)]
    public void Stated_parameter_counts_are_read_from_keys_and_text(string card, long count) =>
        Assert.Equal(count, ModelEvidenceAuditor.StatedParameters(Card.Parse(card))?.Count);

    [Fact]
    public void Hyperparameters_are_not_a_parameter_count() =>
        Assert.Null(ModelEvidenceAuditor.StatedParameters(Card.Parse("---\nlicense: mit\n---\n## Training hyperparameters\n- learning_rate: 5e-05\n- batch_size: 16\n")));

    [Fact]
    public void A_parameter_count_more_than_one_percent_off_is_a_finding_and_within_it_is_not()
    {
        var model = Onnx("model.onnx", "unknown", false, 109_482_240);

        Assert.Empty(Audit("---\nlicense: mit\n---\nBERT base, 110M parameters.\n", model));
        var finding = Assert.Single(Audit("---\nlicense: mit\n---\nBERT base, 340M parameters.\n", model));
        Assert.Equal(CardCodes.ParameterCountMismatch, finding.Code);
        Assert.Equal(4, finding.Line);
        Assert.Contains("109,482,240", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shards_and_the_parts_of_one_export_are_counted_together()
    {
        ModelValidation Shard(string file, long n) => new() { File = file, Format = "safetensors", Parameters = new ModelParameters { Total = n } };

        Assert.Empty(Audit("---\nnum_parameters: 300\n---\n", Shard("model-00001-of-00002.safetensors", 200), Shard("model-00002-of-00002.safetensors", 100)));
        Assert.Empty(Audit(
            "---\nnum_parameters: 300\n---\n",
            Onnx("onnx/encoder_model.onnx", "unknown", false, 100),
            Onnx("onnx/decoder_model_merged.onnx", "unknown", false, 200),
            Onnx("onnx/decoder_model.onnx", "unknown", false, 200),
            Onnx("onnx/encoder_model_quantized.onnx", "unknown", false, 100)));
    }

    [Fact]
    public void Card_labels_that_differ_from_id2label_are_a_finding_naming_both_sides()
    {
        var model = Onnx("model.onnx", "text-classification", true, 10, "NEGATIVE", "POSITIVE");

        Assert.Empty(Audit("---\nlabels: [negative, positive]\n---\n", model));
        Assert.Empty(Audit("---\nlicense: mit\n---\n## Labels\n\n- `NEGATIVE`: a bad review\n- `POSITIVE`: a good one\n", model));
        Assert.Empty(Audit("---\nlicense: mit\n---\n## Classes\n\n| id | label |\n|---|---|\n| 0 | NEGATIVE |\n| 1 | POSITIVE |\n", model));

        var finding = Assert.Single(Audit("---\nlicense: mit\n---\n## Labels\n\n- 0: negative\n- 1: neutral\n- 2: positive\n", model));
        Assert.Equal(CardCodes.LabelsMismatch, finding.Code);
        Assert.Equal(6, finding.Line);
        Assert.Contains("'neutral'", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Claimed_formats_and_libraries_need_files_that_serve_them()
    {
        var broken = Onnx("model.onnx", "unknown", false, 10) with { Errors = ["ONNX Runtime could not load the model: bad op"] };
        var safetensors = new ModelValidation { File = "model.safetensors", Format = "safetensors", Parameters = new ModelParameters { Total = 10 } };

        Assert.Contains("no .onnx file", Assert.Single(Audit("---\nlibrary_name: onnx\n---\n", safetensors)).Message, StringComparison.Ordinal);
        Assert.Contains("none of its 1 ONNX files loads", Assert.Single(Audit("---\ntags: [onnx]\n---\n", broken)).Message, StringComparison.Ordinal);
        Assert.Contains("no .gguf file", Assert.Single(Audit("---\ntags: [gguf]\n---\n", safetensors)).Message, StringComparison.Ordinal);
        Assert.Empty(Audit("---\nlibrary_name: transformers\n---\n", safetensors));
        var findings = ModelEvidenceAuditor.Audit(Card.Parse("---\nlibrary_name: transformers\n---\n"), new ModelEvidence([safetensors], []));
        Assert.Equal(CardCodes.LibraryUnsupported, Assert.Single(findings).Code);
        Assert.Equal(2, findings[0].Line);
        Assert.Single(Audit("---\nlibrary_name: sentence-transformers\n---\n", safetensors));
    }

    [Fact]
    public void The_card_audit_adds_the_evidence_findings_to_model_cards_only_when_given()
    {
        var card = Card.Parse("---\npipeline_tag: fill-mask\n---\n# m\n");
        var evidence = new ModelEvidence([Onnx("model.onnx", "text-generation", true, 10)], []);

        Assert.DoesNotContain(new CardAuditor().Audit(card, CardKind.Model).Findings, f => f.Code == CardCodes.TaskMismatch);
        Assert.Contains(new CardAuditor().Audit(card, CardKind.Model, evidence).Findings, f => f.Code == CardCodes.TaskMismatch);
    }
}
