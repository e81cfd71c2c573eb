using System.CommandLine;
using System.Text.Json;
using HubPlatform.Client;
using HubPlatform.Hub.Api;

namespace HubPlatform.Cli;

/// <summary><c>hub login</c>, <c>hub logout</c> and <c>hub whoami</c>.</summary>
internal static class AuthCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return Login(context);
        yield return Logout(context);
        yield return WhoAmI(context);
    }

    private static Command Login(CliContext context)
    {
        var token = new Option<string?>("--token") { Description = "The token; read from standard input when absent." };
        var noVerify = new Option<bool>("--no-verify") { Description = "Store the token without asking the Hub who it belongs to." };
        var command = new Command("login", "Store a token for later commands (in $HF_HOME/token, as huggingface_hub does).") { token, noVerify };
        command.SetHandler(context, async (parse, ct) =>
        {
            var value = parse.GetValue(token) ?? await ReadTokenFromInputAsync(context, ct);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new UsageException("no token given: pass --token or type it on standard input.");
            }

            value = value.Trim();
            var options = context.ResolveOptions();
            string? name = null;
            if (!parse.GetValue(noVerify))
            {
                options.Token = value;
                using var client = context.CreateClient(options);
                name = (await client.Users.WhoAmIAsync(ct)).Name;
            }

            var path = HubEnvironment.TokenPath(context.Environment);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, value, ct);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            await context.Out.WriteLineAsync(name is null ? $"Token saved to {path}." : $"Logged in as {name}. Token saved to {path}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Logout(CliContext context)
    {
        var command = new Command("logout", "Remove the stored token.");
        command.SetHandler(context, async (_, _) =>
        {
            var path = HubEnvironment.TokenPath(context.Environment);
            if (File.Exists(path))
            {
                File.Delete(path);
                await context.Out.WriteLineAsync($"Removed the token at {path}.");
            }
            else
            {
                await context.Out.WriteLineAsync("Not logged in: no stored token.");
            }

            if (!string.IsNullOrEmpty(context.Environment("HF_TOKEN")))
            {
                await context.Error.WriteLineAsync("hub: note: HF_TOKEN is set in the environment and is still used.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command WhoAmI(CliContext context)
    {
        var json = CommonOptions.Json();
        var command = new Command("whoami", "Show who the current token belongs to.") { json };
        command.SetHandler(context, async (parse, ct) =>
        {
            var options = context.ResolveOptions();
            if (options.Token is null)
            {
                await context.Error.WriteLineAsync("hub: error: not logged in (no HF_TOKEN and no stored token); run 'hub login'.");
                return ExitCodes.HubError;
            }

            using var client = context.CreateClient(options);
            var me = await client.Users.WhoAmIAsync(ct);
            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(me, HubJsonContext.Default.WhoAmI));
                return ExitCodes.Success;
            }

            await context.Out.WriteLineAsync(me.Name);
            if (me.Orgs.Count > 0)
            {
                await context.Out.WriteLineAsync("orgs: " + string.Join(",", me.Orgs.Select(o => o.Name)));
            }

            if (me.Auth?.AccessToken is { } token)
            {
                await context.Out.WriteLineAsync($"token: {token.DisplayName} ({token.Role})");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<string?> ReadTokenFromInputAsync(CliContext context, CancellationToken ct)
    {
        if (context.Interactive)
        {
            await context.Error.WriteAsync("Token: ");
        }

        return await Console.In.ReadLineAsync(ct);
    }
}
