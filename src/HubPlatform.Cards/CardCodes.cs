namespace HubPlatform.Cards;

/// <summary>The stable codes of card problems and audit findings.</summary>
public static class CardCodes
{
#pragma warning disable CS1591 // The names say what they are; the README lists each with its meaning.
    public const string YamlSyntax = "yaml-syntax";
    public const string YamlTooDeep = "yaml-too-deep";
    public const string YamlTooLarge = "yaml-too-large";
    public const string FrontMatterNotMapping = "front-matter-not-mapping";
    public const string FrontMatterUnclosed = "front-matter-unclosed";
    public const string NoMetadata = "no-metadata";
    public const string WrongType = "wrong-type";
    public const string LicenseUnknown = "license-unknown";
    public const string LicenseOtherWithoutName = "license-other-without-name";
    public const string LicenseOtherWithoutLink = "license-other-without-link";
    public const string PipelineTagUnknown = "pipeline-tag-unknown";
    public const string TaskCategoryUnknown = "task-category-unknown";
    public const string TaskIdUnknown = "task-id-unknown";
    public const string SizeCategoryUnknown = "size-category-unknown";
    public const string LanguageInvalid = "language-invalid";
    public const string RepoIdInvalid = "repo-id-invalid";
    public const string BaseModelRelationUnknown = "base-model-relation-unknown";
    public const string ModelIndexInvalid = "model-index-invalid";
    public const string ModelIndexMissingField = "model-index-missing-field";
    public const string MetricValueNotNumber = "metric-value-not-number";
    public const string ConfigsInvalid = "configs-invalid";
    public const string ConfigsLegacy = "configs-legacy";
    public const string ConfigMissingName = "config-missing-name";
    public const string ConfigDuplicateName = "config-duplicate-name";
    public const string DataFilesInvalid = "data-files-invalid";
    public const string DatasetInfoInvalid = "dataset-info-invalid";

    public const string EvalTableMismatch = "eval-table-mismatch";
    public const string LicenseBodyMismatch = "license-body-mismatch";
    public const string BaseModelNotMentioned = "base-model-not-mentioned";
    public const string BodyUnreadable = "body-unreadable";
    public const string DatasetNotMentioned = "dataset-not-mentioned";

    public const string TaskMismatch = "task-mismatch";
    public const string ParameterCountMismatch = "parameter-count-mismatch";
    public const string LabelsMismatch = "labels-mismatch";
    public const string LibraryUnsupported = "library-unsupported";
#pragma warning restore CS1591
}
