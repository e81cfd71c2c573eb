using System.CommandLine;
using HubPlatform.Client.Commits;
using HubPlatform.Hub;

namespace HubPlatform.Cli;

/// <summary><c>hub upload</c> and <c>hub delete</c>: commits from the command line, as <c>huggingface-cli upload</c>.</summary>
internal static class UploadCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return Upload(context);
        yield return Delete(context);
    }

    private static Command Upload(CliContext context)
    {
        var repo = CommonOptions.Repo();
        var local = new Argument<string>("LOCAL_PATH") { Description = "A file or a folder to upload." };
        var inRepo = new Argument<string?>("PATH_IN_REPO") { Description = "Where it goes in the repository (default: the file's name, or the root for a folder).", Arity = ArgumentArity.ZeroOrOne };
        var type = CommonOptions.RepoType();
        var revision = CommonOptions.Revision();
        var include = new Option<string[]>("--include") { Description = "Glob of files of the folder to send (repeatable)." };
        var exclude = new Option<string[]>("--exclude") { Description = "Glob of files of the folder never sent (repeatable)." };
        var delete = new Option<string[]>("--delete") { Description = "Glob of repository files to delete when the folder no longer has them (repeatable)." };
        var message = new Option<string?>("--commit-message") { Description = "The commit title." };
        var description = new Option<string?>("--commit-description") { Description = "The commit description." };
        var isPrivate = new Option<bool>("--private") { Description = "With --create, make the repository private." };
        var create = new Option<bool>("--create") { Description = "Create the repository first if it does not exist." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress output; only the commit URL." };
        var command = new Command("upload", "Upload a file or a folder in one commit (several for very large folders); prints the commit URL.")
        {
            repo, local, inRepo, type, revision, include, exclude, delete, message, description, isPrivate, create, quiet,
        };
        command.SetHandler(context, async (parse, ct) =>
        {
            var id = RepoId.Parse(parse.GetValue(repo)!);
            var kind = CommonOptions.ParseType(parse.GetValue(type)!);
            var rev = CommonOptions.ParseRevision(parse.GetValue(revision));
            var path = parse.GetValue(local)!;
            var target = parse.GetValue(inRepo);
            var isFolder = Directory.Exists(path);
            if (!isFolder && !File.Exists(path))
            {
                throw new UsageException($"'{path}' is neither a file nor a folder.");
            }

            if (!isFolder && ((parse.GetValue(include)?.Length ?? 0) > 0 || (parse.GetValue(exclude)?.Length ?? 0) > 0 || (parse.GetValue(delete)?.Length ?? 0) > 0))
            {
                throw new UsageException("--include, --exclude and --delete apply to folders only.");
            }

            if (target is not null && RepoFilePath.Problem(target.Trim('/')) is { } problem && target.Trim('/').Length > 0)
            {
                throw new UsageException($"'{target}' is not a valid path in a repository: {problem}");
            }

            var options = context.ResolveOptions();
            using var client = context.CreateClient(options);
            if (parse.GetValue(create))
            {
                await client.Repos.CreateAsync(id, kind, parse.GetValue(isPrivate), existOk: true, ct);
            }

            var view = new UploadProgressView(context, parse.GetValue(quiet) || options.DisableProgressBars);
            var results = await view.RunAsync(async progress =>
            {
                if (!isFolder)
                {
                    var name = string.IsNullOrEmpty(target) ? Path.GetFileName(path) : target.Trim('/');
                    var op = CommitOperationAdd.FromFile(name, path);
                    return (IReadOnlyList<CommitResult>)[await client.Commits.CreateCommitAsync(id, [op], parse.GetValue(message) ?? $"Upload {name} with hub", parse.GetValue(description), kind, rev, null, progress, ct)];
                }

                return await client.Commits.UploadFolderAsync(id, path, new UploadFolderOptions
                {
                    PathInRepo = target,
                    Type = kind,
                    Revision = rev,
                    Allow = parse.GetValue(include) ?? [],
                    Ignore = parse.GetValue(exclude) ?? [],
                    Delete = parse.GetValue(delete) ?? [],
                    Title = parse.GetValue(message) ?? "Upload folder with hub",
                    Description = parse.GetValue(description),
                }, progress, ct);
            });

            foreach (var result in results)
            {
                await context.Out.WriteLineAsync(result.CommitUrl.ToString());
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Delete(CliContext context)
    {
        var repo = CommonOptions.Repo();
        var paths = new Argument<string[]>("PATHS") { Description = "Files to delete; a path ending in / deletes a folder.", Arity = ArgumentArity.OneOrMore };
        var type = CommonOptions.RepoType();
        var revision = CommonOptions.Revision();
        var message = new Option<string?>("--commit-message") { Description = "The commit title." };
        var command = new Command("delete", "Delete files or folders from a repository in one commit; prints the commit URL.") { repo, paths, type, revision, message };
        command.SetHandler(context, async (parse, ct) =>
        {
            var id = RepoId.Parse(parse.GetValue(repo)!);
            var operations = new List<CommitOperation>();
            foreach (var path in parse.GetValue(paths)!)
            {
                if (RepoFilePath.Problem(path.TrimEnd('/')) is { } problem)
                {
                    throw new UsageException($"'{path}' is not a valid path in a repository: {problem}");
                }

                operations.Add(new CommitOperationDelete(path, isFolder: path.EndsWith('/')));
            }

            using var client = context.CreateClient(context.ResolveOptions());
            var result = await client.Commits.CreateCommitAsync(id, operations, parse.GetValue(message) ?? $"Delete {string.Join(", ", operations.Select(o => o.PathInRepo))} with hub",
                null, CommonOptions.ParseType(parse.GetValue(type)!), CommonOptions.ParseRevision(parse.GetValue(revision)), cancellationToken: ct);
            await context.Out.WriteLineAsync(result.CommitUrl.ToString());
            return ExitCodes.Success;
        });
        return command;
    }
}
