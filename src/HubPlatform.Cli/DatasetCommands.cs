using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HubPlatform.Client;
using HubPlatform.Hub;
using HubPlatform.Hub.Viewer;

namespace HubPlatform.Cli;

/// <summary>
/// <c>hub dataset info|splits|rows|filter|search|stats REPO</c>: a dataset through the dataset viewer API, without downloading it. Tables
/// on a terminal, tab-separated lines otherwise, the viewer's JSON with <c>--json</c>.
/// </summary>
internal static class DatasetCommands
{
    // A cell longer than this is cut in tables and lines (the JSON output keeps it whole).
    private const int MaxCellChars = 80;

    public static Command Create(CliContext context)
    {
        var command = new Command("dataset", "Look into a dataset through the dataset viewer: its splits, columns and rows.");
        command.Add(Splits(context));
        command.Add(Info(context));
        command.Add(Rows(context, "rows"));
        command.Add(Rows(context, "filter"));
        command.Add(Rows(context, "search"));
        command.Add(Stats(context));
        return command;
    }

    private static Command Splits(CliContext context)
    {
        var repo = CommonOptions.Repo();
        var json = CommonOptions.Json();
        var command = new Command("splits", "List the configurations and splits of a dataset.") { repo, json };
        command.SetHandler(context, async (parse, ct) =>
        {
            using var client = context.CreateClient();
            var splits = await client.DatasetViewer.SplitsAsync(RepoId.Parse(parse.GetValue(repo)!), cancellationToken: ct);
            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(splits, ViewerJsonContext.Default.SplitsResponse));
                return ExitCodes.Success;
            }

            await CliTables.WriteAsync(context, ["config", "split"], splits.Splits.Select(s => new[] { s.Config, s.Split }));
            foreach (var failed in splits.Failed)
            {
                await context.Error.WriteLineAsync($"hub: config {failed.Config} cannot be read: {CommandRunner.OneLine(failed.Error.Error)}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Info(CliContext context)
    {
        var repo = CommonOptions.Repo();
        var config = new Option<string?>("--config") { Description = "One configuration (default: all)." };
        var json = CommonOptions.Json();
        var command = new Command("info", "Show the columns and the splits (rows, bytes) of each configuration of a dataset.") { repo, config, json };
        command.SetHandler(context, async (parse, ct) =>
        {
            using var client = context.CreateClient();
            var id = RepoId.Parse(parse.GetValue(repo)!);
            var infos = new Dictionary<string, ViewerDatasetInfo>(StringComparer.Ordinal);
            if (parse.GetValue(config) is { } one)
            {
                var info = await client.DatasetViewer.InfoAsync(id, one, ct);
                if (parse.GetValue(json))
                {
                    await context.Out.WriteLineAsync(JsonSerializer.Serialize(info, ViewerJsonContext.Default.ConfigInfoResponse));
                    return ExitCodes.Success;
                }

                infos[one] = info.DatasetInfo;
            }
            else
            {
                var all = await client.DatasetViewer.InfoAsync(id, ct);
                if (parse.GetValue(json))
                {
                    await context.Out.WriteLineAsync(JsonSerializer.Serialize(all, ViewerJsonContext.Default.DatasetInfoResponse));
                    return ExitCodes.Success;
                }

                foreach (var (name, info) in all.DatasetInfo)
                {
                    infos[name] = info;
                }

                foreach (var failed in all.Failed)
                {
                    await context.Error.WriteLineAsync($"hub: config {failed.Config} cannot be read: {CommandRunner.OneLine(failed.Error.Error)}");
                }
            }

            foreach (var (name, info) in infos)
            {
                await context.Out.WriteLineAsync($"config {name} ({info.BuilderName}, {Sizes.Human(info.DownloadSize)} of files, {Sizes.Human(info.DatasetSize)} in memory)");
                await CliTables.WriteAsync(context, ["split", "rows", "bytes"], info.Splits.Values.Select(s => new[] { s.Name, Number(s.NumExamples), Sizes.Human(s.NumBytes) }));
                await CliTables.WriteAsync(context, ["column", "type"], info.Features.Select(f => new[] { f.Key, FeatureText(f.Value) }));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Rows(CliContext context, string mode)
    {
        var repo = CommonOptions.Repo();
        var config = new Option<string?>("--config") { Description = "The configuration (default: the first)." };
        var split = new Option<string?>("--split") { Description = "The split (default: the configuration's first)." };
        var offset = new Option<long>("--offset") { Description = "The first row.", DefaultValueFactory = _ => 0 };
        var length = new Option<int>("--length") { Description = "How many rows (at most 100).", DefaultValueFactory = _ => 20 };
        var where = new Option<string>("--where") { Description = "The condition, e.g. \"label\" = 1 AND \"text\" IS NOT NULL.", Required = true };
        var orderBy = new Option<string?>("--orderby") { Description = "A column, and ASC or DESC, e.g. \"score\" DESC." };
        var query = new Option<string>("--query") { Description = "Words to look for in the text columns (any of them; case and word endings do not matter).", Required = true };
        var json = CommonOptions.Json();
        var command = mode switch
        {
            "filter" => new Command("filter", "Show the rows of a split where a condition holds.") { repo, config, split, where, orderBy, offset, length, json },
            "search" => new Command("search", "Show the rows of a split whose text holds any of some words.") { repo, config, split, query, offset, length, json },
            _ => new Command("rows", "Show a page of rows of a split.") { repo, config, split, offset, length, json },
        };
        command.SetHandler(context, async (parse, ct) =>
        {
            if (parse.GetValue(offset) < 0 || parse.GetValue(length) is < 0 or > 100)
            {
                throw new UsageException("--offset must be 0 or more, and --length between 0 and 100.");
            }

            using var client = context.CreateClient();
            var id = RepoId.Parse(parse.GetValue(repo)!);
            var (configName, splitName) = await SplitAsync(client, id, parse.GetValue(config), parse.GetValue(split), ct);
            var page = mode switch
            {
                "filter" => await client.DatasetViewer.FilterAsync(id, configName, splitName, parse.GetValue(where)!, parse.GetValue(orderBy), parse.GetValue(offset), parse.GetValue(length), ct),
                "search" => await client.DatasetViewer.SearchAsync(id, configName, splitName, parse.GetValue(query)!, parse.GetValue(offset), parse.GetValue(length), ct),
                _ => await client.DatasetViewer.RowsAsync(id, configName, splitName, parse.GetValue(offset), parse.GetValue(length), ct),
            };
            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(page, ViewerJsonContext.Default.RowsResponse));
                return ExitCodes.Success;
            }

            var columns = page.Features.Select(f => f.Name).ToList();
            await CliTables.WriteAsync(context, ["row", .. columns], page.Rows.Select(r => new[] { Number(r.RowIdx) }.Concat(columns.Select(c => CellText(r.Row[c]))).ToArray()));
            var last = page.Rows.Count == 0 ? parse.GetValue(offset) : page.Rows.Count + parse.GetValue(offset);
            await context.Error.WriteLineAsync($"{configName}/{splitName}: rows {Number(Math.Min(parse.GetValue(offset), last))}–{Number(last)} of {Number(page.NumRowsTotal)}{(mode == "rows" ? string.Empty : " matching")}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Stats(CliContext context)
    {
        var repo = CommonOptions.Repo();
        var config = new Option<string?>("--config") { Description = "The configuration (default: the first)." };
        var split = new Option<string?>("--split") { Description = "The split (default: the configuration's first)." };
        var json = CommonOptions.Json();
        var command = new Command("stats", "Show the column statistics of a split: nulls, ranges, means, medians, frequent values.") { repo, config, split, json };
        command.SetHandler(context, async (parse, ct) =>
        {
            using var client = context.CreateClient();
            var id = RepoId.Parse(parse.GetValue(repo)!);
            var (configName, splitName) = await SplitAsync(client, id, parse.GetValue(config), parse.GetValue(split), ct);
            var stats = await client.DatasetViewer.StatisticsAsync(id, configName, splitName, ct);
            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(stats, ViewerJsonContext.Default.StatisticsResponse));
                return ExitCodes.Success;
            }

            await CliTables.WriteAsync(context, ["column", "type", "nulls", "min", "max", "mean", "median", "std", "values"], stats.Statistics.Select(c =>
            {
                var s = c.ColumnStatistics;
                string Cell(string key) => s[key] is { } value ? CellText(value) : string.Empty;
                var values = s["frequencies"] is JsonObject frequencies
                    ? string.Join(", ", frequencies.Take(5).Select(kv => $"{kv.Key}: {kv.Value}")) + (frequencies.Count > 5 ? ", …" : string.Empty)
                    : string.Empty;
                return new[] { c.ColumnName, c.ColumnType, Cell("nan_count"), Cell("min"), Cell("max"), Cell("mean"), Cell("median"), Cell("std"), values };
            }));
            await context.Error.WriteLineAsync($"{configName}/{splitName}: {Number(stats.NumExamples)} rows");
            return ExitCodes.Success;
        });
        return command;
    }

    // The configuration and split asked for, or the first ones the viewer lists.
    private static async Task<(string Config, string Split)> SplitAsync(HubClient client, RepoId id, string? config, string? split, CancellationToken ct)
    {
        if (config is not null && split is not null)
        {
            return (config, split);
        }

        var splits = await client.DatasetViewer.SplitsAsync(id, config, ct);
        var first = splits.Splits.FirstOrDefault(s => split is null || s.Split == split)
            ?? throw new UsageException(splits.Failed.Count > 0
                ? $"the dataset has no split that can be read ({CommandRunner.OneLine(splits.Failed[0].Error.Error)})"
                : $"the dataset has no split{(split is null ? string.Empty : " " + split)}{(config is null ? string.Empty : " in config " + config)}");
        return (first.Config, first.Split);
    }

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string FeatureText(JsonNode? feature) => feature switch
    {
        JsonObject { } f when f["_type"]?.GetValue<string>() == "Value" => f["dtype"]?.GetValue<string>() ?? "?",
        JsonObject { } f when f["_type"]?.GetValue<string>() == "ClassLabel" => "class_label(" + string.Join(", ", f["names"]!.AsArray().Select(n => n?.GetValue<string>())) + ")",
        _ => feature?.ToJsonString() ?? "?",
    };

    private static string CellText(JsonNode? cell)
    {
        var text = cell switch
        {
            null => "null",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => cell.ToJsonString(),
        };
        text = text.ReplaceLineEndings(" ").Replace('\t', ' ');
        return text.Length <= MaxCellChars ? text : text[..(MaxCellChars - 1)] + "…";
    }
}
