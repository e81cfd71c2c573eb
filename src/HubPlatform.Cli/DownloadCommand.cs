using System.CommandLine;
using HubPlatform.Client.Files;
using HubPlatform.Hub;

namespace HubPlatform.Cli;

/// <summary>
/// <c>hub download REPO [FILES...]</c>: fetch files into the huggingface_hub cache (or a local folder) and print the
/// snapshot folder as the last line of standard output.
/// </summary>
internal static class DownloadCommand
{
    public static Command Create(CliContext context)
    {
        var repo = CommonOptions.Repo();
        var files = new Argument<string[]>("FILES") { Description = "Files to fetch (default: the whole revision).", Arity = ArgumentArity.ZeroOrMore };
        var type = CommonOptions.RepoType();
        var revision = CommonOptions.Revision();
        var include = new Option<string[]>("--include") { Description = "Glob of files to fetch (repeatable)." };
        var exclude = new Option<string[]>("--exclude") { Description = "Glob of files to skip (repeatable)." };
        var cacheDir = new Option<string?>("--cache-dir") { Description = "Cache root (default: HF_HUB_CACHE or $HF_HOME/hub)." };
        var localDir = new Option<string?>("--local-dir") { Description = "Write plain files under this folder instead of the cache." };
        var workers = new Option<int?>("--max-workers") { Description = "Files fetched at once (default 8)." };
        var force = new Option<bool>("--force-download") { Description = "Download again even if cached." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress output; only the final path." };
        var command = new Command("download", "Download files or a whole snapshot, as huggingface_hub does.")
        {
            repo, files, type, revision, include, exclude, cacheDir, localDir, workers, force, quiet,
        };

        command.SetHandler(context, async (parse, ct) =>
        {
            var id = RepoId.Parse(parse.GetValue(repo)!);
            var kind = CommonOptions.ParseType(parse.GetValue(type)!);
            var rev = CommonOptions.ParseRevision(parse.GetValue(revision));
            var wanted = parse.GetValue(files) ?? [];
            var includes = parse.GetValue(include) ?? [];
            var excludes = parse.GetValue(exclude) ?? [];
            if (wanted.Length > 0 && (includes.Length > 0 || excludes.Length > 0))
            {
                throw new UsageException("give either FILES or --include/--exclude, not both.");
            }

            if (parse.GetValue(workers) is <= 0)
            {
                throw new UsageException("--max-workers must be a positive number.");
            }

            foreach (var file in wanted)
            {
                RepoFilePath.Validate(file);
            }

            var options = context.ResolveOptions();
            if (parse.GetValue(cacheDir) is { } dir)
            {
                options.CacheDirectory = dir;
            }

            using var client = context.CreateClient(options);
            var view = new DownloadProgressView(context, parse.GetValue(quiet) || options.DisableProgressBars);
            var folder = await view.RunAsync(async progress =>
            {
                if (wanted.Length == 0)
                {
                    return await client.Files.SnapshotDownloadAsync(id, new SnapshotOptions
                    {
                        RepoType = kind,
                        Revision = rev,
                        AllowPatterns = includes,
                        IgnorePatterns = excludes,
                        LocalDirectory = parse.GetValue(localDir),
                        MaxParallelDownloads = parse.GetValue(workers),
                        ForceDownload = parse.GetValue(force),
                    }, progress, ct);
                }

                var fileOptions = new DownloadOptions
                {
                    RepoType = kind,
                    Revision = rev,
                    LocalDirectory = parse.GetValue(localDir),
                    ForceDownload = parse.GetValue(force),
                };
                string? last = null;
                foreach (var file in wanted)
                {
                    last = await client.Files.DownloadFileAsync(id, file, fileOptions, progress, ct);
                }

                // The snapshot (or local) folder holding the files: strip the last file's repository path.
                var depth = wanted[^1].Split('/').Length;
                var root = last!;
                for (var i = 0; i < depth; i++)
                {
                    root = Path.GetDirectoryName(root)!;
                }

                return root;
            });

            await context.Out.WriteLineAsync(folder);
            return ExitCodes.Success;
        });
        return command;
    }
}
