using System.Text.Json.Nodes;

namespace HubPlatform.Cards;

/// <summary>Flattens <c>model-index</c> into <see cref="EvalResult"/>s and nests them back, as <c>huggingface_hub</c> does.</summary>
public static class ModelIndex
{
    /// <summary>
    /// The model name and its results. Entries missing a required field (task type, dataset type or name, metric type or value)
    /// are skipped, as <c>huggingface_hub</c> skips them; the validator reports them.
    /// </summary>
    public static (string? ModelName, IReadOnlyList<EvalResult> Results) ToEvalResults(JsonNode? modelIndex)
    {
        if (modelIndex is not JsonArray { Count: > 0 } models || models[0] is not JsonObject first)
        {
            return (null, []);
        }

        var name = first["name"] is JsonValue n ? CardData.Scalar(n) : null;
        var results = new List<EvalResult>();
        foreach (var model in models.OfType<JsonObject>())
        {
            foreach (var result in (model["results"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var task = result["task"] as JsonObject;
                var dataset = result["dataset"] as JsonObject;
                var source = result["source"] as JsonObject;
                var taskType = Text(task, "type");
                var datasetType = Text(dataset, "type");
                var datasetName = Text(dataset, "name");
                if (taskType is null || datasetType is null || datasetName is null)
                {
                    continue;
                }

                foreach (var metric in (result["metrics"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    var metricType = Text(metric, "type");
                    if (metricType is null || metric["value"] is not { } value)
                    {
                        continue;
                    }

                    results.Add(new EvalResult
                    {
                        TaskType = taskType,
                        TaskName = Text(task, "name"),
                        DatasetType = datasetType,
                        DatasetName = datasetName,
                        DatasetConfig = Text(dataset, "config"),
                        DatasetSplit = Text(dataset, "split"),
                        DatasetRevision = Text(dataset, "revision"),
                        DatasetArgs = dataset?["args"]?.DeepClone(),
                        MetricType = metricType,
                        MetricValue = value.DeepClone(),
                        MetricName = Text(metric, "name"),
                        MetricConfig = Text(metric, "config"),
                        MetricArgs = metric["args"]?.DeepClone(),
                        Verified = metric["verified"] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null,
                        VerifyToken = Text(metric, "verifyToken"),
                        SourceName = Text(source, "name"),
                        SourceUrl = Text(source, "url"),
                    });
                }
            }
        }

        return (name, results);
    }

    /// <summary>
    /// Nests results back into <c>model-index</c>: one result per distinct task, dataset and source, in first-seen order,
    /// with its metrics in order.
    /// </summary>
    public static JsonArray FromEvalResults(string modelName, IEnumerable<EvalResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var groups = new List<(string Key, JsonObject Result)>();
        foreach (var r in results)
        {
            var key = string.Join('\u0001', r.TaskType, r.TaskName, r.DatasetType, r.DatasetName, r.DatasetConfig, r.DatasetSplit, r.DatasetRevision, r.DatasetArgs?.ToJsonString(), r.SourceName, r.SourceUrl);
            var group = groups.FirstOrDefault(g => g.Key == key).Result;
            if (group is null)
            {
                group = new JsonObject
                {
                    ["task"] = Compact(("type", r.TaskType), ("name", r.TaskName)),
                    ["dataset"] = Compact(("name", r.DatasetName), ("type", r.DatasetType), ("config", r.DatasetConfig), ("split", r.DatasetSplit), ("revision", r.DatasetRevision)),
                    ["metrics"] = new JsonArray(),
                };
                if (r.DatasetArgs is not null)
                {
                    group["dataset"]!["args"] = r.DatasetArgs.DeepClone();
                }

                if (r.SourceName is not null || r.SourceUrl is not null)
                {
                    group["source"] = Compact(("name", r.SourceName), ("url", r.SourceUrl));
                }

                groups.Add((key, group));
            }

            var metric = Compact(("type", r.MetricType));
            metric["value"] = r.MetricValue.DeepClone();
            if (r.MetricName is not null)
            {
                metric["name"] = r.MetricName;
            }

            if (r.MetricConfig is not null)
            {
                metric["config"] = r.MetricConfig;
            }

            if (r.MetricArgs is not null)
            {
                metric["args"] = r.MetricArgs.DeepClone();
            }

            if (r.Verified is { } verified)
            {
                metric["verified"] = verified;
            }

            if (r.VerifyToken is not null)
            {
                metric["verifyToken"] = r.VerifyToken;
            }

            ((JsonArray)group["metrics"]!).Add((JsonNode)metric);
        }

        return [new JsonObject { ["name"] = modelName, ["results"] = new JsonArray(groups.Select(g => (JsonNode)g.Result).ToArray()) }];
    }

    private static string? Text(JsonObject? obj, string key) => obj?[key] is JsonValue v ? CardData.Scalar(v) : null;

    private static JsonObject Compact(params (string Key, string? Value)[] pairs)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in pairs)
        {
            if (value is not null)
            {
                obj[key] = value;
            }
        }

        return obj;
    }
}
