using HubPlatform.Datasets;
using System.CommandLine;
using HubPlatform.Hub;
using HubPlatform.Mirror;
using HubPlatform.BlobStore.FileSystem;
using HubPlatform.Storage;
using HubPlatform.Validation;
using HubPlatform.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HubPlatform.Cli;

/// <summary><c>hub serve</c> and <c>hub token create|list|revoke</c>: run the mirror and manage its tokens.</summary>
internal static class ServeCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return Serve(context);
        yield return Token(context);
        yield return Fsck(context);
        yield return MirrorCommand(context);
        yield return JobCommands.Worker(context);
        yield return JobCommands.Jobs(context);
    }

    private static Command MirrorCommand(CliContext context)
    {
        var data = DataOption(context);
        var repo = CommonOptions.Repo();
        var type = CommonOptions.RepoType();
        var revision = CommonOptions.Revision();
        var from = new Option<string>("--from") { Description = "The upstream Hub's URL.", Required = true };
        var token = new Option<string?>("--upstream-token") { Description = "Token for the upstream (default HUBPLATFORM_UPSTREAM_TOKEN); never the client's." };
        var sync = new Command("sync", "Copy a repository from a Hub-compatible endpoint, keeping its commit ids; a second run copies only what changed.")
        {
            repo, type, revision, from, token, data,
        };
        sync.SetHandler(context, async (parse, ct) =>
        {
            var id = RepoId.Parse(parse.GetValue(repo)!);
            var kind = CommonOptions.ParseType(parse.GetValue(type)!);
            if (!Uri.TryCreate(parse.GetValue(from), UriKind.Absolute, out var upstreamUrl))
            {
                throw new UsageException($"--from '{parse.GetValue(from)}' is not a URL.");
            }

            using var upstream = context.CreateClient(new HubPlatform.Client.HubClientOptions
            {
                Endpoint = upstreamUrl,
                Token = parse.GetValue(token) ?? context.Environment("HUBPLATFORM_UPSTREAM_TOKEN"),
            });
            await using var services = await OpenAsync(parse.GetValue(data)!, ct);
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<MirrorSync>().SyncAsync(upstream, kind, id, CommonOptions.ParseRevision(parse.GetValue(revision)), ct);
            await context.Out.WriteLineAsync($"{id}: {result.CommitsCopied} commits copied, {result.CommitsSkipped} already here, {result.FilesCopied} files ({Sizes.Human(result.BytesCopied)}) fetched");
            return ExitCodes.Success;
        });
        return new Command("mirror", "Fill the mirror from another Hub.") { sync };
    }

    private static Command Fsck(CliContext context)
    {
        var data = DataOption(context);
        var repair = new Option<bool>("--repair") { Description = "Remove blobs that nothing references (never data a row needs); safe while the server runs." };
        var grace = new Option<double>("--grace-hours") { Description = "Keep unreferenced blobs written less than this many hours ago.", DefaultValueFactory = _ => 24 };
        var command = new Command("fsck", "Check every blob's sha256 and every row's blob in the mirror's data folder.") { data, repair, grace };
        command.SetHandler(context, async (parse, ct) =>
        {
            if (parse.GetValue(grace) is var hours && (hours < 0 || double.IsNaN(hours)))
            {
                throw new UsageException("--grace-hours must be zero or more.");
            }

            await using var services = await OpenAsync(parse.GetValue(data)!, ct, o => o.FsckGracePeriod = TimeSpan.FromHours(hours));
            await using var scope = services.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<StoreChecker>().CheckAsync(parse.GetValue(repair), ct);
            foreach (var sha in report.Corrupt)
            {
                await context.Out.WriteLineAsync($"corrupt: blob {sha} does not hash to its name");
            }

            foreach (var sha in report.MissingForRows)
            {
                await context.Out.WriteLineAsync($"missing: blob {sha} is referenced by a commit but not stored");
            }

            foreach (var problem in report.TreeProblems)
            {
                await context.Out.WriteLineAsync($"damaged: {problem}");
            }

            var kept = report.SkippedYoung.Concat(report.SkippedReferenced).ToHashSet(StringComparer.Ordinal);
            foreach (var sha in report.Unreferenced.Where(s => !kept.Contains(s)))
            {
                await context.Out.WriteLineAsync($"{(parse.GetValue(repair) ? "removed" : "unreferenced")}: blob {sha}");
            }

            foreach (var sha in report.SkippedYoung)
            {
                await context.Out.WriteLineAsync($"skipped: blob {sha} is unreferenced but was written less than {report.GracePeriod.TotalHours:0.#} h ago (an upload may still commit it)");
            }

            foreach (var sha in report.SkippedReferenced)
            {
                await context.Out.WriteLineAsync($"skipped: blob {sha} was referenced by a commit or an upload while fsck ran");
            }

            await context.Out.WriteLineAsync($"{report.StoredBlobs} blobs stored, {report.ReferencedBlobs} referenced, {report.Corrupt.Count} corrupt, {report.MissingForRows.Count} missing, {report.Unreferenced.Count} unreferenced, {report.StaleTemporaryFiles} stale temporary files, {report.AbandonedUploads} abandoned multipart uploads{(parse.GetValue(repair) ? $", {report.Removed} removed" : string.Empty)}");
            var (searchIndexes, statistics) = await scope.ServiceProvider.GetRequiredService<DatasetCachePruner>().PruneAsync(parse.GetValue(repair), ct);
            await context.Out.WriteLineAsync($"dataset caches: {searchIndexes} search indexes and {statistics} statistics of content no dataset holds{(parse.GetValue(repair) ? ", removed" : string.Empty)}");
            return report.Damaged ? ExitCodes.HubError : ExitCodes.Success;
        });
        return command;
    }

    internal static Option<string> DataOption(CliContext context) => new("--data")
    {
        Description = "The mirror's data folder (database and blobs); default HUBPLATFORM_DATA or ./.data.",
        DefaultValueFactory = _ => context.Environment("HUBPLATFORM_DATA") is { Length: > 0 } d ? d : ".data",
    };

    // The data folder, made on first use; a file in its place is bad usage, said before anything is opened.
    private static string DataFolder(string value)
    {
        var folder = Path.GetFullPath(value);
        return File.Exists(folder) ? throw new UsageException($"--data '{value}' is a file; the data folder must be a folder (it is made when missing).") : folder;
    }

    private static Command Serve(CliContext context)
    {
        var data = DataOption(context);
        var urls = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var publicUrl = new Option<string?>("--public-url") { Description = "The URL clients use, when it differs from --urls (behind a proxy)." };
        var upstream = new Option<string?>("--upstream") { Description = "A Hub to pull repositories from when clients ask for ones the mirror lacks." };
        var upstreamToken = new Option<string?>("--upstream-token") { Description = "The mirror's token for the upstream (default HUBPLATFORM_UPSTREAM_TOKEN)." };
        var offline = new Option<bool>("--offline") { Description = "Never ask the upstream; answer 504 for what is not stored." };
        var allow = new Option<string[]>("--upstream-allow") { Description = "Glob of repo ids that may be pulled (repeatable)." };
        var deny = new Option<string[]>("--upstream-deny") { Description = "Glob of repo ids never pulled (repeatable)." };
        var cacheSize = new Option<string?>("--upstream-cache-size") { Description = "Most bytes of pulled files to keep, e.g. 200GB; least recently used ones are evicted (default: no limit)." };
        var refresh = new Option<int>("--upstream-refresh") { Description = "Seconds between comparisons of a pulled repo's refs with upstream's.", DefaultValueFactory = _ => 300 };
        var noWorker = new Option<bool>("--no-worker") { Description = "Do not run background jobs here (a separate 'hub worker' runs them)." };
        var command = new Command("serve", "Run the private Hub mirror (creates the data folder and applies migrations on first start).")
        {
            data, urls, publicUrl, upstream, upstreamToken, offline, allow, deny, cacheSize, refresh, noWorker,
        };
        command.SetHandler(context, async (parse, ct) =>
        {
            var folder = DataFolder(parse.GetValue(data)!);
            var cacheLimit = parse.GetValue(cacheSize) is { } size ? Sizes.Parse(size) : 0;
            if (parse.GetValue(refresh) < 0)
            {
                throw new UsageException("--upstream-refresh must be 0 or more seconds.");
            }

            var app = await MirrorApp.BuildAsync(["--urls", parse.GetValue(urls)!, .. ValidateCommand.ProbeConfiguration()], folder, o =>
            {
                if (parse.GetValue(publicUrl) is { } url)
                {
                    o.PublicUrl = url;
                }

                o.UpstreamUrl = parse.GetValue(upstream);
                o.UpstreamToken = parse.GetValue(upstreamToken) ?? context.Environment("HUBPLATFORM_UPSTREAM_TOKEN");
                o.Offline = parse.GetValue(offline);
                o.PullCacheLimitBytes = cacheLimit;
                o.UpstreamRefreshInterval = TimeSpan.FromSeconds(parse.GetValue(refresh));
                o.RunWorker = !parse.GetValue(noWorker);
                foreach (var pattern in parse.GetValue(allow) ?? [])
                {
                    o.UpstreamAllow.Add(pattern);
                }

                foreach (var pattern in parse.GetValue(deny) ?? [])
                {
                    o.UpstreamDeny.Add(pattern);
                }
            }, ct);
            await context.Error.WriteLineAsync($"hub: serving {parse.GetValue(urls)} with data in {folder}");
            await app.StartAsync(ct);
            await app.WaitForShutdownAsync(ct);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Token(CliContext context)
    {
        var token = new Command("token", "Manage the mirror's access tokens.");

        var data = DataOption(context);
        var name = new Argument<string>("NAME") { Description = "A name for the token (shown in whoami)." };
        var role = new Option<string>("--role") { Description = "read or write.", DefaultValueFactory = _ => "read" };
        role.AcceptOnlyFromAmong("read", "write");
        var user = new Option<string?>("--user") { Description = "The user it belongs to (created if missing; default: NAME's owner 'admin')." };
        var orgs = new Option<string[]>("--org") { Description = "Organisations the user belongs to (repeatable; created if missing)." };
        var create = new Command("create", "Create a token; its secret is printed once, as the last line.") { name, role, user, orgs, data };
        create.SetHandler(context, async (parse, ct) =>
        {
            await using var services = await OpenAsync(parse.GetValue(data)!, ct);
            await using var scope = services.CreateAsyncScope();
            var secret = await scope.ServiceProvider.GetRequiredService<TokenService>()
                .CreateAsync(parse.GetValue(user) ?? "admin", parse.GetValue(name)!, parse.GetValue(role)!, parse.GetValue(orgs) ?? [], ct);
            await context.Out.WriteLineAsync(secret);
            return ExitCodes.Success;
        });
        token.Add(create);

        var listData = DataOption(context);
        var list = new Command("list", "List tokens (never their secrets).") { listData };
        list.SetHandler(context, async (parse, ct) =>
        {
            await using var services = await OpenAsync(parse.GetValue(listData)!, ct);
            await using var scope = services.CreateAsyncScope();
            foreach (var (t, owner) in await scope.ServiceProvider.GetRequiredService<TokenService>().ListAsync(ct))
            {
                await context.Out.WriteLineAsync($"{t.Id}\t{t.Prefix}…\t{owner}\t{t.DisplayName}\t{t.Role}\t{(t.RevokedAt is null ? "active" : "revoked")}");
            }

            return ExitCodes.Success;
        });
        token.Add(list);

        var revokeData = DataOption(context);
        var which = new Argument<string>("TOKEN") { Description = "The token's id (see 'hub token list'), or its name or prefix." };
        var owner = new Option<string?>("--user") { Description = "Whose token a name or prefix means (needed when several users have one of that name)." };
        var revoke = new Command("revoke", "Revoke a token by id, or a user's token by name.") { which, owner, revokeData };
        revoke.SetHandler(context, async (parse, ct) =>
        {
            await using var services = await OpenAsync(parse.GetValue(revokeData)!, ct);
            await using var scope = services.CreateAsyncScope();
            var count = await scope.ServiceProvider.GetRequiredService<TokenService>().RevokeAsync(parse.GetValue(which)!, parse.GetValue(owner), ct);
            if (count == 0)
            {
                await context.Error.WriteLineAsync($"hub: error: no active token matches '{parse.GetValue(which)}'.");
                return ExitCodes.HubError;
            }

            await context.Out.WriteLineAsync($"Revoked {count} token(s).");
            return ExitCodes.Success;
        });
        token.Add(revoke);
        return token;
    }

    internal static async Task<ServiceProvider> OpenAsync(string data, CancellationToken ct, Action<StorageOptions>? configure = null)
    {
        var folder = DataFolder(data);
        DataFolderPermissions.Restrict(folder);
        var collection = new ServiceCollection().AddHubStorageSqlite(o =>
        {
            o.DataDirectory = folder;
            configure?.Invoke(o);
        }).AddFileSystemBlobStore();
        collection.AddLogging();
        collection.AddSingleton<ICardSummarizer, CardSummarizer>();
        collection.AddHubDatasets();
        collection.AddHubValidation();
        collection.Configure<ValidationOptions>(o =>
        {
            var (program, arguments) = ValidateCommand.ProbeCommand();
            o.ProbeCommand.Add(program);
            foreach (var argument in arguments)
            {
                o.ProbeCommand.Add(argument);
            }
        });
        collection.AddScoped<MirrorSync>();
        var services = collection.BuildServiceProvider();
        await services.MigrateHubStorageAsync(ct);
        return services;
    }
}
