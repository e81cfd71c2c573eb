using System.CommandLine;
using HubPlatform.Hub;
using HubPlatform.Hub.Api;

namespace HubPlatform.Cli;

/// <summary><c>hub repo create|delete|move|settings</c>, <c>hub branch create|delete</c> and <c>hub tag create|delete</c>.</summary>
internal static class RepoCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return Repo(context);
        yield return Branch(context);
        yield return Tag(context);
    }

    private static Command Repo(CliContext context)
    {
        var create = new Command("create", "Create a repository; prints its URL.");
        {
            var repo = CommonOptions.Repo();
            var type = CommonOptions.RepoType();
            var isPrivate = new Option<bool>("--private") { Description = "Only its owner and organisation see it." };
            var existOk = new Option<bool>("--exist-ok") { Description = "Succeed when it exists already." };
            create.Add(repo);
            create.Add(type);
            create.Add(isPrivate);
            create.Add(existOk);
            create.SetHandler(context, async (parse, ct) =>
            {
                using var client = context.CreateClient(context.ResolveOptions());
                var url = await client.Repos.CreateAsync(RepoId.Parse(parse.GetValue(repo)!), CommonOptions.ParseType(parse.GetValue(type)!), parse.GetValue(isPrivate), parse.GetValue(existOk), ct);
                await context.Out.WriteLineAsync(url.ToString());
                return ExitCodes.Success;
            });
        }

        var delete = new Command("delete", "Delete a repository and everything in it.");
        {
            var repo = CommonOptions.Repo();
            var type = CommonOptions.RepoType();
            var missingOk = new Option<bool>("--missing-ok") { Description = "Succeed when it does not exist." };
            delete.Add(repo);
            delete.Add(type);
            delete.Add(missingOk);
            delete.SetHandler(context, async (parse, ct) =>
            {
                using var client = context.CreateClient(context.ResolveOptions());
                await client.Repos.DeleteAsync(RepoId.Parse(parse.GetValue(repo)!), CommonOptions.ParseType(parse.GetValue(type)!), parse.GetValue(missingOk), ct);
                return ExitCodes.Success;
            });
        }

        var move = new Command("move", "Rename a repository or move it to another namespace; the old id then redirects.");
        {
            var from = CommonOptions.Repo();
            var to = new Argument<string>("NEW_ID") { Description = "namespace/name it becomes." };
            var type = CommonOptions.RepoType();
            move.Add(from);
            move.Add(to);
            move.Add(type);
            move.SetHandler(context, async (parse, ct) =>
            {
                var target = RepoId.Parse(parse.GetValue(to)!);
                if (target.Namespace is null)
                {
                    throw new UsageException("NEW_ID needs a namespace: namespace/name.");
                }

                using var client = context.CreateClient(context.ResolveOptions());
                await client.Repos.MoveAsync(RepoId.Parse(parse.GetValue(from)!), target, CommonOptions.ParseType(parse.GetValue(type)!), ct);
                return ExitCodes.Success;
            });
        }

        var settings = new Command("settings", "Change a repository's visibility or gating.");
        {
            var repo = CommonOptions.Repo();
            var type = CommonOptions.RepoType();
            var isPrivate = new Option<bool?>("--private") { Description = "true or false." };
            var gated = new Option<string?>("--gated") { Description = "false, auto or manual." };
            settings.Add(repo);
            settings.Add(type);
            settings.Add(isPrivate);
            settings.Add(gated);
            settings.SetHandler(context, async (parse, ct) =>
            {
                GateMode? gating = parse.GetValue(gated) switch
                {
                    null => null,
                    "false" => GateMode.None,
                    "auto" => GateMode.Auto,
                    "manual" => GateMode.Manual,
                    _ => throw new UsageException("--gated must be false, auto or manual."),
                };

                if (parse.GetValue(isPrivate) is null && gating is null)
                {
                    throw new UsageException("give --private or --gated.");
                }

                using var client = context.CreateClient(context.ResolveOptions());
                await client.Repos.UpdateSettingsAsync(RepoId.Parse(parse.GetValue(repo)!), CommonOptions.ParseType(parse.GetValue(type)!), parse.GetValue(isPrivate), gating, ct);
                return ExitCodes.Success;
            });
        }

        return new Command("repo", "Create, delete, move and configure repositories.") { create, delete, move, settings };
    }

    private static Command Branch(CliContext context) => RefCommand(context, "branch", "branches", isTag: false);

    private static Command Tag(CliContext context) => RefCommand(context, "tag", "tags", isTag: true);

    private static Command RefCommand(CliContext context, string noun, string plural, bool isTag)
    {
        var create = new Command("create", $"Create a {noun} at a revision (default: main's head).");
        {
            var repo = CommonOptions.Repo();
            var name = new Argument<string>("NAME") { Description = $"The {noun}'s name." };
            var type = CommonOptions.RepoType();
            var revision = CommonOptions.Revision();
            var message = new Option<string?>("--message", "-m") { Description = "The tag's message." };
            var existOk = new Option<bool>("--exist-ok") { Description = $"Succeed when the {noun} exists already." };
            create.Add(repo);
            create.Add(name);
            create.Add(type);
            create.Add(revision);
            if (isTag)
            {
                create.Add(message);
            }

            create.Add(existOk);
            create.SetHandler(context, async (parse, ct) =>
            {
                var id = RepoId.Parse(parse.GetValue(repo)!);
                var kind = CommonOptions.ParseType(parse.GetValue(type)!);
                var rev = CommonOptions.ParseRevision(parse.GetValue(revision));
                var value = CheckName(parse.GetValue(name)!, noun);
                using var client = context.CreateClient(context.ResolveOptions());
                if (isTag)
                {
                    await client.Repos.CreateTagAsync(id, value, rev, parse.GetValue(message), kind, parse.GetValue(existOk), ct);
                }
                else
                {
                    await client.Repos.CreateBranchAsync(id, value, rev, kind, parse.GetValue(existOk), ct);
                }

                return ExitCodes.Success;
            });
        }

        var delete = new Command("delete", $"Delete a {noun}.");
        {
            var repo = CommonOptions.Repo();
            var name = new Argument<string>("NAME") { Description = $"The {noun}'s name." };
            var type = CommonOptions.RepoType();
            delete.Add(repo);
            delete.Add(name);
            delete.Add(type);
            delete.SetHandler(context, async (parse, ct) =>
            {
                var id = RepoId.Parse(parse.GetValue(repo)!);
                var kind = CommonOptions.ParseType(parse.GetValue(type)!);
                var value = CheckName(parse.GetValue(name)!, noun);
                using var client = context.CreateClient(context.ResolveOptions());
                await (isTag ? client.Repos.DeleteTagAsync(id, value, kind, ct) : client.Repos.DeleteBranchAsync(id, value, kind, ct));
                return ExitCodes.Success;
            });
        }

        return new Command(noun, $"Create and delete {plural}.") { create, delete };
    }

    private static string CheckName(string name, string noun) =>
        Revision.TryParse(name, out var parsed) && !parsed.IsCommitId ? name : throw new UsageException($"'{name}' is not a valid {noun} name.");
}
