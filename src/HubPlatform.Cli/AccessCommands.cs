using System.CommandLine;
using HubPlatform.Hub;

namespace HubPlatform.Cli;

/// <summary><c>hub access list|accept|reject|cancel|grant|request</c>: access to gated repositories.</summary>
internal static class AccessCommands
{
    public static Command Create(CliContext context)
    {
        var list = new Command("list", "List a gated repository's access requests (owner): user, status, time, form answers.");
        {
            var repo = CommonOptions.Repo();
            var type = CommonOptions.RepoType();
            var status = new Option<string>("--status") { Description = "pending, accepted or rejected.", DefaultValueFactory = _ => "pending" };
            list.Add(repo);
            list.Add(type);
            list.Add(status);
            list.SetHandler(context, async (parse, ct) =>
            {
                var wanted = parse.GetValue(status)!;
                if (wanted is not ("pending" or "accepted" or "rejected"))
                {
                    throw new UsageException("--status must be pending, accepted or rejected.");
                }

                using var client = context.CreateClient(context.ResolveOptions());
                await foreach (var request in client.Repos.ListAccessRequestsAsync(RepoId.Parse(parse.GetValue(repo)!), wanted, CommonOptions.ParseType(parse.GetValue(type)!), ct))
                {
                    var fields = request.Fields is { Count: > 0 } f ? "\t" + string.Join(", ", f.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
                    await context.Out.WriteLineAsync($"{request.User.User}\t{request.Status}\t{request.Timestamp:yyyy-MM-dd HH:mm}{fields}");
                }

                return ExitCodes.Success;
            });
        }

        return new Command("access", "Answer and make access requests of gated repositories.")
        {
            list,
            Answer(context, "accept", "Accept a user's request.", (c, r, u, t, _, ct) => c.Repos.AcceptAccessRequestAsync(r, u, t, ct)),
            Answer(context, "reject", "Reject a user's request (or withdraw access).", (c, r, u, t, reason, ct) => c.Repos.RejectAccessRequestAsync(r, u, reason, t, ct), withReason: true),
            Answer(context, "cancel", "Put a user's answered request back to pending.", (c, r, u, t, _, ct) => c.Repos.CancelAccessRequestAsync(r, u, t, ct)),
            Answer(context, "grant", "Give a user access without a request.", (c, r, u, t, _, ct) => c.Repos.GrantAccessAsync(r, u, t, ct)),
            Request(context),
        };
    }

    private static Command Answer(CliContext context, string name, string description, Func<Client.HubClient, RepoId, string, RepoType, string?, CancellationToken, Task> act, bool withReason = false)
    {
        var command = new Command(name, description);
        var repo = CommonOptions.Repo();
        var user = new Argument<string>("USER") { Description = "The user name." };
        var type = CommonOptions.RepoType();
        var reason = new Option<string?>("--reason") { Description = "Why (shown to the user)." };
        command.Add(repo);
        command.Add(user);
        command.Add(type);
        if (withReason)
        {
            command.Add(reason);
        }

        command.SetHandler(context, async (parse, ct) =>
        {
            using var client = context.CreateClient(context.ResolveOptions());
            await act(client, RepoId.Parse(parse.GetValue(repo)!), parse.GetValue(user)!, CommonOptions.ParseType(parse.GetValue(type)!), parse.GetValue(reason), ct);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Request(CliContext context)
    {
        var command = new Command("request", "Ask for access to a gated repository; prints the request's status.");
        var repo = CommonOptions.Repo();
        var type = CommonOptions.RepoType();
        var field = new Option<string[]>("--field") { Description = "An answer to the gate form, KEY=VALUE (repeatable).", AllowMultipleArgumentsPerToken = false };
        command.Add(repo);
        command.Add(type);
        command.Add(field);
        command.SetHandler(context, async (parse, ct) =>
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in parse.GetValue(field) ?? [])
            {
                var at = pair.IndexOf('=', StringComparison.Ordinal);
                if (at <= 0)
                {
                    throw new UsageException($"--field '{pair}' is not KEY=VALUE.");
                }

                fields[pair[..at]] = pair[(at + 1)..];
            }

            using var client = context.CreateClient(context.ResolveOptions());
            var status = await client.Repos.RequestAccessAsync(RepoId.Parse(parse.GetValue(repo)!), fields, CommonOptions.ParseType(parse.GetValue(type)!), ct);
            await context.Out.WriteLineAsync(status);
            return ExitCodes.Success;
        });
        return command;
    }
}
