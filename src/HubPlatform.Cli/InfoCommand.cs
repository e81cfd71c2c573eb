using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HubPlatform.Client;
using HubPlatform.Hub;
using HubPlatform.Hub.Api;

namespace HubPlatform.Cli;

/// <summary><c>hub info REPO</c>: one repository's info at a revision.</summary>
internal static class InfoCommand
{
    public static Command Create(CliContext context)
    {
        var repo = CommonOptions.Repo();
        var type = CommonOptions.RepoType();
        var revision = CommonOptions.Revision();
        var json = CommonOptions.Json();
        var command = new Command("info", "Show a model's or dataset's info (with file sizes).") { repo, type, revision, json };
        command.SetHandler(context, async (parse, ct) =>
        {
            var id = RepoId.Parse(parse.GetValue(repo)!);
            var kind = CommonOptions.ParseType(parse.GetValue(type)!);
            var rev = CommonOptions.ParseRevision(parse.GetValue(revision));
            using var client = context.CreateClient();
            var options = new RepoInfoOptions { Blobs = true };
            RepoInfo info = kind switch
            {
                RepoType.Model => await client.Models.GetAsync(id, rev, options, ct),
                RepoType.Dataset => await client.Datasets.GetAsync(id, rev, options, ct),
                _ => throw new UsageException("spaces are not supported yet; use --type model or dataset."),
            };

            if (parse.GetValue(json))
            {
                var text = info is ModelInfo m
                    ? JsonSerializer.Serialize(m, HubJsonContext.Default.ModelInfo)
                    : JsonSerializer.Serialize((DatasetInfo)info, HubJsonContext.Default.DatasetInfo);
                await context.Out.WriteLineAsync(text);
                return ExitCodes.Success;
            }

            await WriteText(context.Out, info);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task WriteText(TextWriter output, RepoInfo info)
    {
        async Task Line(string key, object? value)
        {
            if (value is not null && value.ToString() is { Length: > 0 } text)
            {
                await output.WriteLineAsync($"{key,-14}{text}");
            }
        }

        await Line("id", info.Id);
        await Line("sha", info.Sha);
        await Line("private", info.Private);
        await Line("gated", info.Gated);
        await Line("modified", info.LastModified?.ToString("u", CultureInfo.InvariantCulture));
        await Line("downloads", info.Downloads);
        await Line("likes", info.Likes);
        if (info is ModelInfo model)
        {
            await Line("pipeline_tag", model.PipelineTag);
            await Line("library", model.LibraryName);
        }

        await Line("tags", info.Tags is { Count: > 0 } tags ? string.Join(", ", tags) : null);
        var siblings = info.Siblings ?? [];
        await Line("files", siblings.Count);
        foreach (var s in siblings)
        {
            var size = s.Size is { } n ? Sizes.Human(n) : "?";
            await output.WriteLineAsync($"  {size,10}  {s.RFileName}{(s.Lfs is not null ? "  (lfs)" : string.Empty)}");
        }
    }
}
