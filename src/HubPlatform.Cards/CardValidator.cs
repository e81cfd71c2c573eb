using HubPlatform.Hub;
using YamlDotNet.RepresentationModel;

namespace HubPlatform.Cards;

/// <summary>
/// Checks card metadata the way the Hub does when a README is committed (hub-protocol §8), with each rule's code, severity,
/// YAML path, line and column. The Hub does not publish its rules; these follow its documented keys and lists.
/// </summary>
public sealed class CardValidator
{
    private static readonly string[] BaseModelRelations = ["adapter", "merge", "quantized", "finetune"];

    private readonly CardVocabulary _vocabulary;

    /// <summary>Creates a validator over the given lists (the shipped ones by default).</summary>
    public CardValidator(CardVocabulary? vocabulary = null) => _vocabulary = vocabulary ?? CardVocabulary.Default;

    /// <summary>All problems of a card, parse problems first, then by line.</summary>
    public IReadOnlyList<CardProblem> Validate(Card card, CardKind kind)
    {
        ArgumentNullException.ThrowIfNull(card);
        var run = new Run(card, _vocabulary);
        run.Problems.AddRange(card.ParseProblems);
        if (card.Root is null)
        {
            if (card.ParseProblems.Count == 0)
            {
                run.Problems.Add(new CardProblem(CardCodes.NoMetadata, ProblemSeverity.Warning, "The card has no metadata (no YAML front matter between '---' lines).", null, 1, 1));
            }

            return run.Problems;
        }

        run.Common();
        if (kind == CardKind.Model)
        {
            run.Model();
        }
        else
        {
            run.Dataset();
        }

        return [.. card.ParseProblems, .. run.Problems.Skip(card.ParseProblems.Count).OrderBy(p => p.Line).ThenBy(p => p.Column)];
    }

    private sealed class Run(Card card, CardVocabulary vocabulary)
    {
        public List<CardProblem> Problems { get; } = [];

        private YamlMappingNode Root => card.Root!;

        public void Common()
        {
            foreach (var (item, path) in StringItems("license"))
            {
                if (!vocabulary.Licenses.Contains(item.Value!.ToLowerInvariant()))
                {
                    Error(CardCodes.LicenseUnknown, item, path, $"'{item.Value}' is not a license the Hub knows; use an id from its list, or 'other' with license_name and license_link.");
                }
            }

            if (StringItems("license").Any(i => string.Equals(i.Node.Value, "other", StringComparison.OrdinalIgnoreCase)))
            {
                var at = Root.Children[new YamlScalarNode("license")];
                if (!Has("license_name"))
                {
                    Warning(CardCodes.LicenseOtherWithoutName, at, "license", "'license: other' should name the license in license_name.");
                }

                if (!Has("license_link"))
                {
                    Warning(CardCodes.LicenseOtherWithoutLink, at, "license", "'license: other' should link the license text in license_link (LICENSE, LICENSE.md or a URL).");
                }
            }

            foreach (var (item, path) in StringItems("language"))
            {
                if (!IsLanguage(item.Value!))
                {
                    Warning(CardCodes.LanguageInvalid, item, path, $"'{item.Value}' is not an ISO 639 language code (such as 'en', 'fra' or 'zh-Hans').");
                }
            }

            StringItems("tags").ToList();
        }

        public void Model()
        {
            if (Scalar("pipeline_tag") is { } tag && !vocabulary.PipelineTags.Contains(tag.Value ?? string.Empty))
            {
                Error(CardCodes.PipelineTagUnknown, tag, "pipeline_tag", $"'{tag.Value}' is not a Hub task; see the pipeline_tag list (for example text-classification or image-classification).");
            }

            foreach (var key in new[] { "datasets", "base_model", "new_version" })
            {
                foreach (var (item, path) in StringItems(key))
                {
                    if (RepoId.TryParse(item.Value, out _) is false)
                    {
                        Error(CardCodes.RepoIdInvalid, item, path, $"'{item.Value}' is not a valid repository id (namespace/name).");
                    }
                }
            }

            if (Scalar("base_model_relation") is { } relation && !BaseModelRelations.Contains(relation.Value))
            {
                Error(CardCodes.BaseModelRelationUnknown, relation, "base_model_relation", $"'{relation.Value}' is not one of adapter, merge, quantized, finetune.");
            }

            if (Get("model-index") is { } index)
            {
                ModelIndex(index);
            }
        }

        public void Dataset()
        {
            foreach (var (item, path) in StringItems("task_categories"))
            {
                if (!vocabulary.PipelineTags.Contains(item.Value!))
                {
                    Error(CardCodes.TaskCategoryUnknown, item, path, $"'{item.Value}' is not a Hub task category.");
                }
            }

            foreach (var (item, path) in StringItems("task_ids"))
            {
                if (!vocabulary.Subtasks.Contains(item.Value!))
                {
                    Warning(CardCodes.TaskIdUnknown, item, path, $"'{item.Value}' is not a known subtask.");
                }
            }

            foreach (var (item, path) in StringItems("size_categories"))
            {
                if (!vocabulary.SizeCategories.Contains(item.Value!))
                {
                    Error(CardCodes.SizeCategoryUnknown, item, path, $"'{item.Value}' is not a size bucket; use one of {string.Join(", ", vocabulary.SizeCategories.Order(StringComparer.Ordinal))}.");
                }
            }

            if (Get("configs") is { } configs)
            {
                Configs(configs);
            }

            if (Get("dataset_info") is { } info)
            {
                DatasetInfo(info);
            }
        }

        private void ModelIndex(YamlNode index)
        {
            if (index is not YamlSequenceNode models)
            {
                Error(CardCodes.ModelIndexInvalid, index, "model-index", "model-index must be a list of models, each with a name and results.");
                return;
            }

            for (var m = 0; m < models.Children.Count; m++)
            {
                var path = $"model-index[{m}]";
                if (models.Children[m] is not YamlMappingNode model)
                {
                    Error(CardCodes.ModelIndexInvalid, models.Children[m], path, "Each model-index entry must be a mapping with name and results.");
                    continue;
                }

                if (Child(model, "name") is not YamlScalarNode { Value.Length: > 0 })
                {
                    Error(CardCodes.ModelIndexMissingField, model, path + ".name", "The model-index entry has no name.");
                }

                var results = Child(model, "results");
                if (results is not YamlSequenceNode resultList)
                {
                    Error(results is null ? CardCodes.ModelIndexMissingField : CardCodes.ModelIndexInvalid, results ?? model, path + ".results", "results must be a list of {task, dataset, metrics}.");
                    continue;
                }

                for (var r = 0; r < resultList.Children.Count; r++)
                {
                    Result(resultList.Children[r], $"{path}.results[{r}]");
                }
            }
        }

        private void Result(YamlNode node, string path)
        {
            if (node is not YamlMappingNode result)
            {
                Error(CardCodes.ModelIndexInvalid, node, path, "Each result must be a mapping with task, dataset and metrics.");
                return;
            }

            RequireMapping(result, "task", path, ["type"]);
            RequireMapping(result, "dataset", path, ["type", "name"]);
            var metrics = Child(result, "metrics");
            if (metrics is not YamlSequenceNode metricList)
            {
                Error(metrics is null ? CardCodes.ModelIndexMissingField : CardCodes.ModelIndexInvalid, metrics ?? result, path + ".metrics", "metrics must be a list of {type, value}.");
                return;
            }

            for (var i = 0; i < metricList.Children.Count; i++)
            {
                var metricPath = $"{path}.metrics[{i}]";
                if (metricList.Children[i] is not YamlMappingNode metric)
                {
                    Error(CardCodes.ModelIndexInvalid, metricList.Children[i], metricPath, "Each metric must be a mapping with type and value.");
                    continue;
                }

                if (Child(metric, "type") is not YamlScalarNode { Value.Length: > 0 })
                {
                    Error(CardCodes.ModelIndexMissingField, metric, metricPath + ".type", "The metric has no type.");
                }

                switch (Child(metric, "value"))
                {
                    case null:
                        Error(CardCodes.ModelIndexMissingField, metric, metricPath + ".value", "The metric has no value.");
                        break;
                    case YamlScalarNode value when !IsMetricValue(value):
                        Error(CardCodes.MetricValueNotNumber, value, metricPath + ".value", $"'{value.Value}' is not a number (a string value must start with one, such as \"20.0 ± 1.2\").");
                        break;
                    case YamlScalarNode:
                        break;
                    case var other:
                        Error(CardCodes.MetricValueNotNumber, other, metricPath + ".value", "A metric value must be a number, not a list or a mapping.");
                        break;
                }
            }
        }

        private void RequireMapping(YamlMappingNode parent, string key, string path, string[] required)
        {
            var node = Child(parent, key);
            if (node is not YamlMappingNode mapping)
            {
                Error(node is null ? CardCodes.ModelIndexMissingField : CardCodes.ModelIndexInvalid, node ?? parent, $"{path}.{key}", node is null ? $"The result has no {key}." : $"{key} must be a mapping.");
                return;
            }

            foreach (var field in required)
            {
                if (Child(mapping, field) is not YamlScalarNode { Value.Length: > 0 })
                {
                    Error(CardCodes.ModelIndexMissingField, mapping, $"{path}.{key}.{field}", $"The result's {key} has no {field}.");
                }
            }
        }

        private void Configs(YamlNode node)
        {
            if (node is not YamlSequenceNode configs)
            {
                Error(CardCodes.ConfigsInvalid, node, "configs", "configs must be a list of {config_name, data_files}.");
                return;
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < configs.Children.Count; i++)
            {
                var path = $"configs[{i}]";
                if (configs.Children[i] is YamlScalarNode legacy && YamlJson.ScalarValue(legacy) is string)
                {
                    // Cards from 2022 and before list bare config names; the Hub still shows them.
                    if (i == 0)
                    {
                        Warning(CardCodes.ConfigsLegacy, legacy, path, "configs lists bare names (the old format); the Hub now reads configs as {config_name, data_files}.");
                    }

                    continue;
                }

                if (configs.Children[i] is not YamlMappingNode config)
                {
                    Error(CardCodes.ConfigsInvalid, configs.Children[i], path, "Each config must be a mapping with config_name.");
                    continue;
                }

                if (Child(config, "config_name") is not YamlScalarNode { Value.Length: > 0 } name)
                {
                    Error(CardCodes.ConfigMissingName, config, path + ".config_name", "The config has no config_name (required even with a single subset).");
                }
                else if (!names.Add(name.Value!))
                {
                    Error(CardCodes.ConfigDuplicateName, name, path + ".config_name", $"config_name '{name.Value}' is used twice.");
                }

                if (Child(config, "data_files") is { } files)
                {
                    DataFiles(files, path + ".data_files");
                }
            }
        }

        private void DataFiles(YamlNode node, string path)
        {
            switch (node)
            {
                case YamlScalarNode s when YamlJson.ScalarValue(s) is string:
                    return;
                case YamlSequenceNode list:
                    for (var i = 0; i < list.Children.Count; i++)
                    {
                        var item = list.Children[i];
                        if (item is YamlScalarNode s && YamlJson.ScalarValue(s) is string)
                        {
                            continue;
                        }

                        if (item is YamlMappingNode split
                            && Child(split, "split") is YamlScalarNode { Value.Length: > 0 }
                            && Child(split, "path") is YamlScalarNode or YamlSequenceNode
                            && (Child(split, "path") is not YamlSequenceNode paths || paths.Children.All(p => p is YamlScalarNode)))
                        {
                            continue;
                        }

                        Error(CardCodes.DataFilesInvalid, item, $"{path}[{i}]", "Each data_files item must be a path, or a mapping {split, path} whose path is a string or a list of strings.");
                    }

                    return;
                default:
                    Error(CardCodes.DataFilesInvalid, node, path, "data_files must be a path, a list of paths, or a list of {split, path}.");
                    return;
            }
        }

        private void DatasetInfo(YamlNode node)
        {
            var entries = node switch
            {
                YamlMappingNode one => [(one, "dataset_info")],
                YamlSequenceNode many => many.Children.Select((n, i) => (n as YamlMappingNode, $"dataset_info[{i}]")).ToList(),
                _ => null,
            };
            if (entries is null)
            {
                Error(CardCodes.DatasetInfoInvalid, node, "dataset_info", "dataset_info must be a mapping, or a list of mappings each with config_name.");
                return;
            }

            for (var i = 0; i < entries.Count; i++)
            {
                var (entry, path) = entries[i];
                if (entry is null)
                {
                    Error(CardCodes.DatasetInfoInvalid, ((YamlSequenceNode)node).Children[i], path, "Each dataset_info entry must be a mapping.");
                    continue;
                }

                if (Child(entry, "splits") is { } splits && (splits is not YamlSequenceNode list || list.Children.Any(s => s is not YamlMappingNode m || Child(m, "name") is null)))
                {
                    Error(CardCodes.DatasetInfoInvalid, splits, path + ".splits", "splits must be a list of {name, num_bytes, num_examples}.");
                }
            }
        }

        private bool IsLanguage(string code)
        {
            var primary = code.Split('-')[0];
            return primary.Length is 2 or 3 && primary.All(char.IsAsciiLetterLower) && vocabulary.LanguageCodes.Contains(primary)
                   && code.Split('-').Skip(1).All(s => s.Length is >= 2 and <= 8 && s.All(char.IsAsciiLetterOrDigit));
        }

        private static bool IsMetricValue(YamlScalarNode value) =>
            YamlJson.IsNumber(value) || CardData.LeadingNumber(value.Value ?? string.Empty) is not null;

        private bool Has(string key) => Root.Children.ContainsKey(new YamlScalarNode(key));

        private YamlNode? Get(string key) => Root.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

        private YamlScalarNode? Scalar(string key)
        {
            var node = Get(key);
            if (node is null || (node is YamlScalarNode s && YamlJson.ScalarValue(s) is null))
            {
                return null;
            }

            if (node is YamlScalarNode scalar)
            {
                return scalar;
            }

            Error(CardCodes.WrongType, node, key, $"{key} must be a single value.");
            return null;
        }

        // A string or a list of strings; anything else is reported once as wrong-type.
        private IEnumerable<(YamlScalarNode Node, string Path)> StringItems(string key)
        {
            var node = Get(key);
            switch (node)
            {
                case null:
                    yield break;
                case YamlScalarNode s when YamlJson.ScalarValue(s) is null:
                    yield break;
                case YamlScalarNode s when YamlJson.ScalarValue(s) is string:
                    yield return (s, key);
                    yield break;
                case YamlSequenceNode list:
                    for (var i = 0; i < list.Children.Count; i++)
                    {
                        if (list.Children[i] is YamlScalarNode item && YamlJson.ScalarValue(item) is string)
                        {
                            yield return (item, $"{key}[{i}]");
                        }
                        else
                        {
                            ReportOnce(CardCodes.WrongType, list.Children[i], $"{key}[{i}]", $"{key}[{i}] must be a string.");
                        }
                    }

                    yield break;
                default:
                    ReportOnce(CardCodes.WrongType, node, key, $"{key} must be a string or a list of strings.");
                    yield break;
            }
        }

        private static YamlNode? Child(YamlMappingNode mapping, string key) =>
            mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

        private void ReportOnce(string code, YamlNode node, string path, string message)
        {
            if (!Problems.Any(p => p.Code == code && p.Path == path))
            {
                Error(code, node, path, message);
            }
        }

        private void Error(string code, YamlNode node, string path, string message) =>
            Problems.Add(new CardProblem(code, ProblemSeverity.Error, message, path, card.LineOf(node), (int)node.Start.Column));

        private void Warning(string code, YamlNode node, string path, string message) =>
            Problems.Add(new CardProblem(code, ProblemSeverity.Warning, message, path, card.LineOf(node), (int)node.Start.Column));
    }
}
