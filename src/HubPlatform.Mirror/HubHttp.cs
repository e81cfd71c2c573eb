using System.Text.Json;
using HubPlatform.Hub;
using HubPlatform.Storage;
using HubPlatform.Storage.Entities;
using Microsoft.Extensions.Options;

namespace HubPlatform.Mirror;

/// <summary>Per-request helpers every endpoint shares: the caller, the public base URL, repository access, errors.</summary>
internal static class HubHttp
{
    private const string CallerKey = "HubPlatform.Caller";
    private const string InvalidCredentialsKey = "HubPlatform.InvalidCredentials";

    public static Caller? Caller(this HttpContext context) => context.Items.TryGetValue(CallerKey, out var c) ? c as Caller : null;

    public static void SetCaller(this HttpContext context, Caller caller) => context.Items[CallerKey] = caller;

    public static void MarkInvalidCredentials(this HttpContext context) => context.Items[InvalidCredentialsKey] = true;

    public static bool HasInvalidCredentials(this HttpContext context) => context.Items.ContainsKey(InvalidCredentialsKey);

    public static Caller RequireCaller(this HttpContext context) =>
        context.Caller() ?? throw new HubProblemException(401, "You must be authenticated (Authorization: Bearer <token>).");

    /// <summary>The public base URL, without a trailing slash.</summary>
    public static string BaseUrl(this HttpContext context)
    {
        var configured = context.RequestServices.GetRequiredService<IOptions<MirrorOptions>>().Value.PublicUrl;
        return string.IsNullOrEmpty(configured) ? $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}" : configured.TrimEnd('/');
    }

    public static RepoType ParseType(string plural) => plural switch
    {
        "models" => RepoType.Model,
        "datasets" => RepoType.Dataset,
        "spaces" => RepoType.Space,
        _ => throw new HubProblemException(404, $"Unknown repository type '{plural}'."),
    };

    public static RepoId ParseRepo(string? ns, string name)
    {
        var text = ns is null ? name : ns + "/" + name;
        return RepoId.TryParse(text, out var id) ? id : throw new HubProblemException(400, $"'{text}' is not a valid repository id.");
    }

    /// <summary>
    /// The repository if the caller may read it. Missing and hidden repositories answer alike, as the Hub does: 401 to
    /// anonymous callers, 404 to signed-in ones.
    /// </summary>
    public static async Task<RepositoryEntity> ReadableRepoAsync(this HttpContext context, RepoType type, RepoId id, CancellationToken cancellationToken)
    {
        var repos = context.RequestServices.GetRequiredService<RepositoryService>();
        var repo = await repos.FindAsync(type, id, cancellationToken);
        var caller = context.Caller();
        if (repo is null && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            && await repos.FindMovedAsync(type, id, cancellationToken) is { } moved && (!moved.Private || caller?.CanRead(moved.Namespace) == true))
        {
            throw new HubProblemException(307, $"Repository moved to {moved.Namespace}/{moved.Name}") { MovedTo = (id.ToString(), $"{moved.Namespace}/{moved.Name}") };
        }

        var pull = context.RequestServices.GetRequiredService<PullThrough>();
        if (repo is null && pull.Enabled && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            && await pull.TryPullAsync(context.RequestServices, type, id, cancellationToken))
        {
            repo = await repos.FindAsync(type, id, cancellationToken);
        }

        if (repo is null || (repo.Private && caller?.CanRead(repo.Namespace) != true))
        {
            throw new HubProblemException(caller is null ? 401 : 404, "Repository not found", "RepoNotFound");
        }

        if (repo.FromUpstream && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            await pull.RefreshAsync(context.RequestServices, repo, force: false, cancellationToken);
        }

        return repo;
    }

    /// <summary>
    /// Refuses the files of a gated repository to a caller without granted access, in the Hub's words: 401 to anonymous
    /// callers, 403 to signed-in ones, both <c>GatedRepo</c>. The owner and members of the owning organisation pass.
    /// </summary>
    public static async Task RequireGatePassAsync(this HttpContext context, RepositoryEntity repo, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        // Ungated repositories (nearly all reads) are let through before the service, which would rent a database context.
        if (repo.Gated is "false" || await context.RequestServices.GetRequiredService<AccessRequests>().PassesGateAsync(repo, caller, cancellationToken))
        {
            return;
        }

        var what = $"{repo.Type} {repo.Namespace}/{repo.Name}";
        throw caller is null
            ? new HubProblemException(401, $"Access to {what} is restricted. You must have access to it and be authenticated to access it. Please log in.", "GatedRepo")
            : new HubProblemException(403, $"Access to {what} is restricted and you are not in the authorized list. Visit {context.BaseUrl()}/{RepoTypeExtensions.Parse(repo.Type).UrlPrefix()}{repo.Namespace}/{repo.Name} to ask for access.", "GatedRepo");
    }

    /// <summary>
    /// The repository if the caller may write to it (403 when it may read but not write, or when it is a pull-through copy
    /// of upstream's, which only upstream changes; such a copy may still be deleted).
    /// </summary>
    public static async Task<RepositoryEntity> WritableRepoAsync(this HttpContext context, RepoType type, RepoId id, CancellationToken cancellationToken, bool forDeletion = false)
    {
        var caller = context.RequireCaller();
        var repo = await context.ReadableRepoAsync(type, id, cancellationToken);
        if (repo.FromUpstream && !forDeletion && caller.CanWrite(repo.Namespace))
        {
            throw new HubProblemException(403, $"{repo.Namespace}/{repo.Name} is a read-only copy pulled from the upstream Hub; change it there.");
        }

        if (!caller.CanWrite(repo.Namespace))
        {
            throw new HubProblemException(403, caller.Role != "write"
                ? "This token has read access only; a write token is needed."
                : $"You don't have the rights to write to {repo.Namespace}/{repo.Name}.");
        }

        return repo;
    }

    /// <summary>
    /// The commit a revision names (404 <c>RevisionNotFound</c> when none). In a pull-through copy, a revision the mirror
    /// lacks is looked for upstream first: a commit id is copied, a name makes the refs refresh now.
    /// </summary>
    public static async Task<string> ResolveRevisionAsync(this HttpContext context, RepositoryEntity repo, string revision, CancellationToken cancellationToken)
    {
        var repos = context.RequestServices.GetRequiredService<RepositoryService>();
        var name = revision.Length == 0 ? RepositoryService.DefaultBranch : revision;
        var commit = await repos.ResolveAsync(repo, name, cancellationToken);
        if (commit is null && repo.FromUpstream && Revision.TryParse(name, out var parsed))
        {
            var pull = context.RequestServices.GetRequiredService<PullThrough>();
            if (parsed.IsCommitId)
            {
                await pull.PullCommitAsync(context.RequestServices, repo, parsed.Value, cancellationToken);
            }
            else
            {
                await pull.RefreshAsync(context.RequestServices, repo, force: true, cancellationToken);
            }

            commit = await repos.ResolveAsync(repo, name, cancellationToken);
        }

        return commit ?? throw new HubProblemException(404, $"Invalid rev id: {revision}", "RevisionNotFound");
    }

    public static async Task WriteErrorAsync(this HttpContext context, int status, string message, string? errorCode)
    {
        context.Response.StatusCode = status;
        if (errorCode is not null)
        {
            context.Response.Headers["X-Error-Code"] = errorCode;
        }

        context.Response.Headers["X-Error-Message"] = HeaderSafe(message);
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("error", message);
        writer.WriteEndObject();
    }

    /// <summary>Answers with one of the wire contract's records, serialised as the client reads it.</summary>
    public static async Task WriteAsync<T>(this HttpContext context, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string contentType = "application/json; charset=utf-8", int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted);
    }

    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static bool IsTrue(string? value) => value?.Trim().ToLowerInvariant() is "1" or "true" or "yes";

    // Headers carry ASCII only; the JSON body keeps the full message.
    private static string HeaderSafe(string message) =>
        new(message.Select(c => c is >= ' ' and <= '~' ? c : '?').Take(512).ToArray());
}
