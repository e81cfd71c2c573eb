namespace HubPlatform.Cards.Tests;

public class CardValidatorTests
{
    private static IReadOnlyList<CardProblem> Check(string yaml, CardKind kind = CardKind.Model) =>
        new CardValidator().Validate(Card.Parse("---\n" + yaml.ReplaceLineEndings("\n") + "\n---\n# Card\n"), kind);

    private static CardProblem Only(string yaml, string code, CardKind kind = CardKind.Model)
    {
        var problems = Check(yaml, kind);
        return Assert.Single(problems, p => p.Code == code);
    }

    [Fact]
    public void A_complete_valid_model_card_has_no_problems()
    {
        Assert.Empty(Check("""
            language: [en, fra, zh-Hans]
            license: apache-2.0
            library_name: transformers
            tags: [bert]
            datasets: [acme/reviews, imdb]
            base_model: google-bert/bert-base-uncased
            base_model_relation: finetune
            pipeline_tag: text-classification
            model-index:
            - name: m
              results:
              - task: {type: text-classification}
                dataset: {type: imdb, name: IMDB}
                metrics:
                - {type: accuracy, value: 0.93}
                - {type: f1, value: "91.0 ± 0.4"}
            """));
    }

    [Theory]
    [InlineData("license: not-a-license", "license", 2, 10)]
    [InlineData("license:\n- mit\n- nope", "license[1]", 4, 3)]
    public void Unknown_licenses_are_errors_with_path_and_position(string yaml, string path, int line, int column)
    {
        var p = Only(yaml, CardCodes.LicenseUnknown);
        Assert.Equal(ProblemSeverity.Error, p.Severity);
        Assert.Equal(path, p.Path);
        Assert.Equal((line, column), (p.Line, p.Column));
    }

    [Fact]
    public void License_other_wants_a_name_and_a_link()
    {
        var problems = Check("license: other");
        Assert.Contains(problems, p => p.Code == CardCodes.LicenseOtherWithoutName && p.Severity == ProblemSeverity.Warning);
        Assert.Contains(problems, p => p.Code == CardCodes.LicenseOtherWithoutLink);
        Assert.Empty(Check("license: other\nlicense_name: acme-1.0\nlicense_link: LICENSE"));
    }

    [Fact]
    public void Pipeline_tags_and_task_categories_come_from_the_hub_list()
    {
        Assert.Equal("pipeline_tag", Only("pipeline_tag: text-clasification", CardCodes.PipelineTagUnknown).Path);
        Assert.Equal("task_categories[1]", Only("task_categories: [translation, made-up-task]", CardCodes.TaskCategoryUnknown, CardKind.Dataset).Path);
        Assert.Empty(Check("pipeline_tag: image-text-to-text"));
        Assert.Equal(ProblemSeverity.Warning, Only("task_ids: [not-a-subtask]", CardCodes.TaskIdUnknown, CardKind.Dataset).Severity);
    }

    [Theory]
    [InlineData("english")]
    [InlineData("xx")]
    [InlineData("EN")]
    [InlineData("en_US")]
    public void Language_codes_must_be_iso_639(string code)
    {
        Assert.Equal(ProblemSeverity.Warning, Only($"language: {code}", CardCodes.LanguageInvalid).Severity);
    }

    [Theory]
    [InlineData("datasets: [bad//id]", "datasets[0]")]
    [InlineData("base_model: -leading-dash", "base_model")]
    [InlineData("base_model: [acme/ok, acme/bad--name]", "base_model[1]")]
    [InlineData("new_version: a/b/c", "new_version")]
    public void Referenced_repo_ids_must_be_valid(string yaml, string path)
    {
        Assert.Equal(path, Only(yaml, CardCodes.RepoIdInvalid).Path);
    }

    [Fact]
    public void Base_model_relation_is_an_enum()
    {
        Only("base_model: a/b\nbase_model_relation: distilled", CardCodes.BaseModelRelationUnknown);
    }

    [Theory]
    [InlineData("model-index: foo", CardCodes.ModelIndexInvalid, "model-index")]
    [InlineData("model-index:\n- results: []", CardCodes.ModelIndexMissingField, "model-index[0].name")]
    [InlineData("model-index:\n- name: m\n  results: oops", CardCodes.ModelIndexInvalid, "model-index[0].results")]
    [InlineData("model-index:\n- name: m", CardCodes.ModelIndexMissingField, "model-index[0].results")]
    [InlineData("model-index:\n- name: m\n  results:\n  - dataset: {type: d, name: D}\n    metrics: [{type: a, value: 1}]", CardCodes.ModelIndexMissingField, "model-index[0].results[0].task")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: {name: T}\n    dataset: {type: d, name: D}\n    metrics: [{type: a, value: 1}]", CardCodes.ModelIndexMissingField, "model-index[0].results[0].task.type")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d}\n    metrics: [{type: a, value: 1}]", CardCodes.ModelIndexMissingField, "model-index[0].results[0].dataset.name")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics: [{value: 1}]", CardCodes.ModelIndexMissingField, "model-index[0].results[0].metrics[0].type")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics: [{type: a}]", CardCodes.ModelIndexMissingField, "model-index[0].results[0].metrics[0].value")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics:\n    - {type: a, value: 1}\n    - {type: b, value: high}", CardCodes.MetricValueNotNumber, "model-index[0].results[0].metrics[1].value")]
    [InlineData("model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics: {type: a, value: 1}", CardCodes.ModelIndexInvalid, "model-index[0].results[0].metrics")]
    public void Every_model_index_malformation_is_reported(string yaml, string code, string path)
    {
        var p = Only(yaml, code);
        Assert.Equal(path, p.Path);
        Assert.Equal(ProblemSeverity.Error, p.Severity);
    }

    [Fact]
    public void A_non_numeric_metric_value_points_at_the_value()
    {
        var p = Only("model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics:\n    - type: a\n      value: high", CardCodes.MetricValueNotNumber);
        Assert.Equal((9, 14), (p.Line, p.Column));
    }

    [Theory]
    [InlineData("size_categories: 10K<n<100K", null)]
    [InlineData("size_categories: [n<1K, 1B<n<10B]", null)]
    [InlineData("size_categories: 10k<n<100k", "size_categories")]
    [InlineData("size_categories: [n>1T, huge]", "size_categories[1]")]
    public void Size_categories_are_the_hub_buckets(string yaml, string? path)
    {
        var problems = Check(yaml, CardKind.Dataset).Where(p => p.Code == CardCodes.SizeCategoryUnknown).ToList();
        Assert.Equal(path, problems.SingleOrDefault()?.Path);
    }

    [Theory]
    [InlineData("configs:\n- config_name: default\n  data_files: data/*.parquet", null, null)]
    [InlineData("configs:\n- config_name: default\n  data_files: [a.csv, b.csv]", null, null)]
    [InlineData("configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: [a.csv]", null, null)]
    [InlineData("configs: default", CardCodes.ConfigsInvalid, "configs")]
    [InlineData("configs:\n- data_files: a.csv", CardCodes.ConfigMissingName, "configs[0].config_name")]
    [InlineData("configs:\n- config_name: a\n- config_name: a", CardCodes.ConfigDuplicateName, "configs[1].config_name")]
    [InlineData("configs:\n- config_name: a\n  data_files: {train: a.csv}", CardCodes.DataFilesInvalid, "configs[0].data_files")]
    [InlineData("configs:\n- config_name: a\n  data_files:\n  - split: train", CardCodes.DataFilesInvalid, "configs[0].data_files[0]")]
    [InlineData("configs:\n- config_name: a\n  data_files:\n  - split: train\n    path: {x: 1}", CardCodes.DataFilesInvalid, "configs[0].data_files[0]")]
    [InlineData("dataset_info: 3", CardCodes.DatasetInfoInvalid, "dataset_info")]
    [InlineData("dataset_info:\n  splits: train", CardCodes.DatasetInfoInvalid, "dataset_info.splits")]
    public void Dataset_configs_and_info_have_the_documented_shapes(string yaml, string? code, string? path)
    {
        var errors = Check(yaml, CardKind.Dataset).Where(p => p.Severity == ProblemSeverity.Error).ToList();
        if (code is null)
        {
            Assert.Empty(errors);
            return;
        }

        var p = Assert.Single(errors);
        Assert.Equal((code, path), (p.Code, p.Path));
    }

    [Fact]
    public void Legacy_config_name_lists_are_a_warning_only()
    {
        var problems = Check("configs: [ax, cola]", CardKind.Dataset);
        Assert.Equal(CardCodes.ConfigsLegacy, Assert.Single(problems).Code);
        Assert.Equal(ProblemSeverity.Warning, problems[0].Severity);
    }

    [Theory]
    [InlineData("tags: {a: b}", "tags")]
    [InlineData("tags: [ok, {a: b}]", "tags[1]")]
    [InlineData("license: {name: mit}", "license")]
    [InlineData("pipeline_tag: [text-classification]", "pipeline_tag")]
    public void Values_of_the_wrong_shape_are_wrong_type_errors(string yaml, string path)
    {
        Assert.Equal(path, Only(yaml, CardCodes.WrongType).Path);
    }

    [Fact]
    public void Problems_are_in_line_order_after_parse_problems()
    {
        var problems = Check("pipeline_tag: nope\nlicense: nope\nlanguage: nope");
        Assert.Equal(problems.OrderBy(p => p.Line).Select(p => p.Line), problems.Select(p => p.Line));
    }
}
