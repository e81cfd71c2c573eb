using System.CommandLine;
using System.Text.Json;
using HubPlatform.Hub;
using HubPlatform.Hub.Api;

namespace HubPlatform.Cli;

/// <summary><c>hub tree REPO [PATH]</c>: the files and folders of a revision.</summary>
internal static class TreeCommand
{
    public static Command Create(CliContext context)
    {
        var repo = CommonOptions.Repo();
        var path = new Argument<string?>("PATH") { Description = "Folder to list (default: the root).", Arity = ArgumentArity.ZeroOrOne };
        var type = CommonOptions.RepoType();
        var revision = CommonOptions.Revision();
        var recursive = new Option<bool>("--recursive", "-r") { Description = "List everything below the folder." };
        var json = CommonOptions.Json();
        var command = new Command("tree", "List the files of a repository at a revision.") { repo, path, type, revision, recursive, json };
        command.SetHandler(context, async (parse, ct) =>
        {
            var id = RepoId.Parse(parse.GetValue(repo)!);
            var kind = CommonOptions.ParseType(parse.GetValue(type)!);
            var rev = CommonOptions.ParseRevision(parse.GetValue(revision));
            using var client = context.CreateClient();
            var entries = new List<TreeEntry>();
            await foreach (var entry in client.Repos.ListTreeAsync(id, kind, rev, parse.GetValue(path), parse.GetValue(recursive), expand: false, ct))
            {
                entries.Add(entry);
            }

            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(entries, HubJsonContext.Default.ListTreeEntry));
                return ExitCodes.Success;
            }

            foreach (var e in entries)
            {
                var size = e.IsFile ? Sizes.Human(e.Size) : "-";
                await context.Out.WriteLineAsync($"{size,10}  {e.Path}{(e.IsFile ? string.Empty : "/")}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
