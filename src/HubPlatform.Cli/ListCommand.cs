using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HubPlatform.Client;
using HubPlatform.Client.Api;
using HubPlatform.Hub.Api;
using Spectre.Console;

namespace HubPlatform.Cli;

/// <summary><c>hub ls models|datasets</c>: search and list repositories.</summary>
internal static class ListCommand
{
    public static Command Create(CliContext context)
    {
        var kind = new Argument<string>("KIND") { Description = "models or datasets." };
        kind.AcceptOnlyFromAmong("models", "datasets");
        var search = new Option<string?>("--search") { Description = "Substring of the repository id." };
        var author = new Option<string?>("--author") { Description = "Namespace (user or organisation)." };
        var filter = new Option<string[]>("--filter") { Description = "Tag that must match (repeatable): pytorch, license:mit, language:en, …", AllowMultipleArgumentsPerToken = false };
        var pipeline = new Option<string?>("--pipeline-tag") { Description = "Task, e.g. text-classification (models)." };
        var library = new Option<string?>("--library") { Description = "Library, e.g. transformers (models)." };
        var language = new Option<string?>("--language") { Description = "Language code." };
        var sort = new Option<string?>("--sort") { Description = "downloads, likes, lastModified, createdAt or trendingScore." };
        var direction = new Option<int?>("--direction") { Description = "-1 for descending (the Hub's default), 1 for ascending." };
        var limit = new Option<int>("--limit") { Description = "How many to list.", DefaultValueFactory = _ => 20 };
        var full = new Option<bool>("--full") { Description = "Ask for full items (with siblings)." };
        var cardData = new Option<bool>("--card-data") { Description = "Ask for each card's metadata." };
        var expand = new Option<string[]>("--expand") { Description = "Return only these properties (repeatable)." };
        var json = CommonOptions.Json();
        var command = new Command("ls", "List models or datasets, with the Hub's filters.")
        {
            kind, search, author, filter, pipeline, library, language, sort, direction, limit, full, cardData, expand, json,
        };

        command.SetHandler(context, async (parse, ct) =>
        {
            var max = parse.GetValue(limit);
            if (max <= 0)
            {
                throw new UsageException("--limit must be a positive number.");
            }

            var query = new RepoListQuery
            {
                Search = parse.GetValue(search),
                Author = parse.GetValue(author),
                Filter = NullIfEmpty(Tags(parse.GetValue(kind) == "models", parse.GetValue(filter), parse.GetValue(library), parse.GetValue(language))),
                PipelineTag = parse.GetValue(pipeline),
                Sort = parse.GetValue(sort),
                Direction = parse.GetValue(direction),
                Limit = max,
                Full = parse.GetValue(full) ? true : null,
                CardData = parse.GetValue(cardData) ? true : null,
                Expand = NullIfEmpty(parse.GetValue(expand)),
            };
            using var client = context.CreateClient();
            var asJson = parse.GetValue(json);
            return parse.GetValue(kind) == "models"
                ? await Emit(context, client.Models.ListAsync(query, ct), HubJsonContext.Default.ListModelInfo, asJson, ct)
                : await Emit(context, client.Datasets.ListAsync(query, ct), HubJsonContext.Default.ListDatasetInfo, asJson, ct);
        });
        return command;
    }

    private static async Task<int> Emit<T>(CliContext context, IAsyncEnumerable<T> items, JsonTypeInfo<List<T>> typeInfo, bool asJson, CancellationToken ct)
        where T : RepoInfo
    {
        var list = new List<T>();
        await foreach (var item in items.WithCancellation(ct))
        {
            list.Add(item);
        }

        if (asJson)
        {
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(list, typeInfo));
        }
        else
        {
            await Render(context, [.. list]);
        }

        return ExitCodes.Success;
    }

    private static async Task Render(CliContext context, List<RepoInfo> rows)
    {
        string[] header = ["id", "task", "downloads", "likes", "modified"];
        var cells = rows.Select(r => new[]
        {
            r.Id,
            (r as ModelInfo)?.PipelineTag ?? string.Empty,
            r.Downloads?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            r.Likes?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            r.LastModified?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
        }).ToList();

        await CliTables.WriteAsync(context, header, cells);
    }

    // The Hub filters libraries and languages through tags, as huggingface_hub's list_models/list_datasets send them.
    private static string[] Tags(bool models, string[]? filters, string? library, string? language)
    {
        var tags = new List<string>(filters ?? []);
        if (library is not null)
        {
            tags.Add(library);
        }

        if (language is not null)
        {
            tags.Add(models || language.StartsWith("language:", StringComparison.Ordinal) ? language : "language:" + language);
        }

        return [.. tags];
    }

    private static string[]? NullIfEmpty(string[]? values) => values is { Length: > 0 } ? values : null;
}
