using System.Globalization;
using System.Text.Json;
using HubPlatform.Hub;
using HubPlatform.Hub.Api;
using HubPlatform.Storage;

namespace HubPlatform.Mirror;

/// <summary>
/// Access requests of gated repositories: the owner's API as <c>huggingface_hub</c> calls it
/// (<c>/api/{type}/{repo}/user-access-request/{pending|accepted|rejected|handle|grant}</c>), and the user's own request,
/// <c>POST /{prefix}{repo}/ask-access</c>, which the Hub takes from the gate form of its web page.
/// </summary>
internal static class AccessEndpoints
{
    private const int PageSize = 100;

    /// <summary><c>GET …/user-access-request/{status}</c>: a page of requests, oldest first, with a <c>Link</c> to the next.</summary>
    public static async Task ListAsync(HttpContext context, RepoType type, RepoId id, string status)
    {
        var ct = context.RequestAborted;
        var repo = await context.WritableRepoAsync(type, id, ct);
        var page = int.TryParse(context.Request.Query["p"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? Math.Min(p, 1_000_000) : 0;
        var rows = await context.RequestServices.GetRequiredService<AccessRequests>().ListAsync(repo, status, page * PageSize, PageSize + 1, ct);
        if (rows.Count > PageSize)
        {
            ReadEndpoints.SetNextLink(context, "p", (page + 1).ToString(CultureInfo.InvariantCulture));
        }

        var items = rows.Take(PageSize).Select(r => new AccessRequestInfo
        {
            User = new AccessRequestUser { User = r.User.Name, FullName = r.User.FullName ?? r.User.Name, Email = r.User.Email },
            Status = r.Request.Status,
            Timestamp = r.Request.Timestamp,
            Fields = r.Request.FieldsJson is { } json ? JsonSerializer.Deserialize(json, HubJsonContext.Default.DictionaryStringJsonElement) : null,
        }).ToList();
        await context.WriteAsync(items, HubJsonContext.Default.ListAccessRequestInfo);
    }

    /// <summary><c>POST …/user-access-request/handle</c> with <c>{"user","status","rejectionReason"}</c>.</summary>
    public static async Task HandleAsync(HttpContext context, RepoType type, RepoId id)
    {
        var ct = context.RequestAborted;
        var repo = await context.WritableRepoAsync(type, id, ct);
        using var doc = await WriteEndpoints.ReadJsonAsync(context, ct);
        var user = WriteEndpoints.Str(doc.RootElement, "user") ?? throw new HubProblemException(400, "'user' is required.");
        var status = WriteEndpoints.Str(doc.RootElement, "status") ?? throw new HubProblemException(400, "'status' is required: accepted, rejected or pending.");
        await context.RequestServices.GetRequiredService<AccessRequests>().HandleAsync(repo, user, status, WriteEndpoints.Str(doc.RootElement, "rejectionReason"), ct);
        context.Response.StatusCode = 200;
    }

    /// <summary><c>POST …/user-access-request/grant</c> with <c>{"user"}</c>: access without a request.</summary>
    public static async Task GrantAsync(HttpContext context, RepoType type, RepoId id)
    {
        var ct = context.RequestAborted;
        var repo = await context.WritableRepoAsync(type, id, ct);
        using var doc = await WriteEndpoints.ReadJsonAsync(context, ct);
        var user = WriteEndpoints.Str(doc.RootElement, "user") ?? throw new HubProblemException(400, "'user' is required.");
        await context.RequestServices.GetRequiredService<AccessRequests>().GrantAsync(repo, user, ct);
        context.Response.StatusCode = 200;
    }

    /// <summary>
    /// <c>POST /{prefix}{repo}/ask-access</c>: the signed-in caller asks for the files, with the gate form's answers as a
    /// JSON object or as form fields. Answers <c>{"status"}</c>: <c>accepted</c> at once for <c>gated: auto</c>.
    /// </summary>
    public static async Task AskAsync(HttpContext context, RepoType type, RepoId id)
    {
        var ct = context.RequestAborted;
        var caller = context.RequireCaller();
        var repo = await context.ReadableRepoAsync(type, id, ct);
        string? fields = null;
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(ct);
            fields = form.Count == 0 ? null : JsonSerializer.Serialize(form.ToDictionary(f => f.Key, f => f.Value.ToString()), HubJsonContext.Default.DictionaryStringString);
        }
        else if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var doc = await WriteEndpoints.ReadJsonAsync(context, ct);
            fields = doc.RootElement.EnumerateObject().Any() ? doc.RootElement.GetRawText() : null;
        }

        var status = await context.RequestServices.GetRequiredService<AccessRequests>().AskAsync(repo, caller, fields, ct);
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("status", status);
        writer.WriteEndObject();
    }
}
