using System.Reflection;
using HubPlatform.Hub;
using HubPlatform.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HubPlatform.Mirror.Pages;

/// <summary>
/// The web pages beside the API, at the Hub's own addresses (<c>/models</c>, <c>/datasets</c>, <c>/{namespace}/{name}</c>,
/// <c>/datasets/{namespace}/{name}</c>), rendered on the server as Razor components; their one style sheet is served from
/// the assembly. Pages run no script, and say so in their Content-Security-Policy.
/// </summary>
internal static class PageEndpoints
{
    private const string Policy = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static readonly Lazy<byte[]> StyleSheet = new(() =>
    {
        using var stream = typeof(PageEndpoints).Assembly.GetManifestResourceStream("HubPlatform.Mirror.site.css")!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>The page a GET asks for, or null when the path is no page.</summary>
    public static Func<Task>? Route(HttpContext context, string[] s)
    {
        if (HttpMethods.IsPost(context.Request.Method))
        {
            return s switch
            {
                ["login"] => () => FormAsync(context, LoginAsync),
                ["logout"] => () => FormAsync(context, LogoutAsync),
                ["settings", "tokens"] => () => FormAsync(context, CreateTokenAsync),
                _ => null,
            };
        }

        switch (s)
        {
            case ["login"]:
                return () => PageAsync(context, _ => Task.FromResult<IResult>(new RazorComponentResult<LoginPage>(new { FormToken = Session.FormToken(context), ReturnTo = ReturnTo(context.Request.Query["returnTo"]) })));
            case ["settings", "tokens"]:
                return () => PageAsync(context, ct => TokensAsync(context, null, null, ct));
            case ["assets", "site.css"]:
                return () => StyleAsync(context);
            case ["models"]:
                return () => PageAsync(context, ct => ListAsync(context, RepoType.Model, ct));
            case ["datasets"]:
                return () => PageAsync(context, ct => ListAsync(context, RepoType.Dataset, ct));
            case ["audit"]:
                return () => PageAsync(context, async ct => new RazorComponentResult<MirrorAuditPage>(new { Overview = await AuditOverview.LoadAsync(context, ct) }));
        }

        // {ns}/{name}[/tab...] for models, datasets/{ns}/{name}[/tab...] for datasets.
        var offset = s.Length > 0 && s[0] == "datasets" ? 1 : 0;
        if (s.Length < offset + 2 || (offset == 0 && s[0] is "api" or "assets" or "spaces" or "lfs" or "datasets" or "audit" or "settings"))
        {
            return null;
        }

        var type = offset == 1 ? RepoType.Dataset : RepoType.Model;
        if (!RepoId.TryParse($"{s[offset]}/{s[offset + 1]}", out var id))
        {
            return () => PageAsync(context, _ => Task.FromResult<IResult>(NotFoundPage()));
        }

        var rest = s.AsSpan(offset + 2);
        var (revision, path) = HubRoute.RevisionAndPath(rest.Length > 0 ? rest[1..] : rest);
        revision = revision.Length == 0 ? RepositoryService.DefaultBranch : revision;
        var (viewerConfig, viewerSplit) = rest.Length == 3 ? (rest[1], rest[2]) : ((string?)null, (string?)null);
        return (rest.Length == 0 ? null : rest[0]) switch
        {
            null => () => PageAsync(context, async ct => new RazorComponentResult<RepoPage>(new { View = await RepoView.LoadAsync(context, type, id, context.RequestServices.GetRequiredService<CardRenderer>(), ct) })),
            "tree" => () => PageAsync(context, async ct => new RazorComponentResult<FilesPage>(new { View = await FilesView.LoadAsync(context, type, id, revision, path, file: false, ct) })),
            "blob" when path.Length > 0 => () => PageAsync(context, async ct => new RazorComponentResult<FilesPage>(new { View = await FilesView.LoadAsync(context, type, id, revision, path, file: true, ct) })),
            "commits" => () => PageAsync(context, async ct => new RazorComponentResult<HistoryPage>(new { View = await HistoryView.LoadAsync(context, type, id, revision, ct) })),
            "validation" when type == RepoType.Model && rest.Length == 1 => () => PageAsync(context, async ct => new RazorComponentResult<ValidationPage>(new { View = await ChecksView.LoadAsync(context, type, id, ct) })),
            "viewer" when type == RepoType.Dataset && rest.Length is 1 or 3 => () => PageAsync(context, async ct => new RazorComponentResult<ViewerPage>(new
            {
                View = await ViewerView.LoadAsync(context, id, viewerConfig, viewerSplit, ct),
            })),
            "audit" when rest.Length == 1 => () => PageAsync(context, async ct => new RazorComponentResult<AuditPage>(new { View = await ChecksView.LoadAsync(context, type, id, ct) })),
            "switch" when rest.Length == 1 => () => SwitchAsync(context, type, id),
            _ => null,
        };
    }

    // The revision picker's form, which works without script: to the same folder or file at the chosen revision.
    private static Task SwitchAsync(HttpContext context, RepoType type, RepoId id)
    {
        var query = context.Request.Query;
        var revision = query["revision"].FirstOrDefault() is { Length: > 0 } r ? r : RepositoryService.DefaultBranch;
        var path = query["path"].FirstOrDefault() ?? string.Empty;
        var view = query["view"].FirstOrDefault() == "blob" && path.Length > 0 ? "blob" : "tree";
        var target = $"{(type == RepoType.Dataset ? "/datasets/" : "/")}{id}/{view}/{Uri.EscapeDataString(revision)}{(path.Length > 0 ? "/" + RepoFilePath.EscapeSegments(path) : string.Empty)}";
        context.Response.Redirect(target);
        return Task.CompletedTask;
    }

    private static async Task<IResult> ListAsync(HttpContext context, RepoType type, CancellationToken ct) =>
        new RazorComponentResult<ListPage>(new { Listing = await RepoListing.LoadAsync(context, type, ListingQuery.From(context.Request.Query), ct) });

    // Where to go after signing in: a path of this site only, never another site (an open redirect).
    private static string ReturnTo(string? value) =>
        value is { Length: > 1 } v && v[0] == '/' && v[1] is not ('/' or '\\') && !v.Any(char.IsControl) ? v : "/models";

    private static async Task<IResult> TokensAsync(HttpContext context, string? secret, string? error, CancellationToken ct)
    {
        if (context.Caller() is not { } caller)
        {
            return Results.Redirect("/login?returnTo=%2Fsettings%2Ftokens");
        }

        var tokens = await context.RequestServices.GetRequiredService<TokenService>().ListForUserAsync(caller.UserId, ct);
        return new RazorComponentResult<TokensPage>(new { Tokens = tokens, FormToken = Session.FormToken(context), CanWrite = caller.Role == "write", NewSecret = secret, Error = error })
        {
            StatusCode = error is null ? 200 : 400,
        };
    }

    // A form post: its antiforgery token checked first (a post from another site gets a 400 page and changes nothing).
    private static Task FormAsync(HttpContext context, Func<HttpContext, IFormCollection, CancellationToken, Task<IResult>> handle) =>
        PageAsync(context, async ct =>
        {
            if (!context.Request.HasFormContentType || !await Session.ValidFormAsync(context))
            {
                return new RazorComponentResult<ErrorPage>(new { Status = 400, Message = "This form has expired or did not come from this site; go back, reload the page and send it again." }) { StatusCode = 400 };
            }

            return await handle(context, await context.Request.ReadFormAsync(ct), ct);
        });

    private static async Task<IResult> LoginAsync(HttpContext context, IFormCollection form, CancellationToken ct)
    {
        var token = form["token"].FirstOrDefault()?.Trim() ?? string.Empty;
        var returnTo = ReturnTo(form["returnTo"].FirstOrDefault());
        if (token.Length is 0 or > 200 || await context.RequestServices.GetRequiredService<TokenService>().AuthenticateAsync(token, ct) is null)
        {
            return new RazorComponentResult<LoginPage>(new { FormToken = Session.FormToken(context), ReturnTo = returnTo, Error = "This token is not valid on this mirror." }) { StatusCode = 401 };
        }

        Session.SignIn(context, token);
        return Results.Redirect(returnTo);
    }

    private static Task<IResult> LogoutAsync(HttpContext context, IFormCollection form, CancellationToken ct)
    {
        Session.SignOut(context);
        return Task.FromResult(Results.Redirect("/models"));
    }

    private static async Task<IResult> CreateTokenAsync(HttpContext context, IFormCollection form, CancellationToken ct)
    {
        if (context.Caller() is not { } caller)
        {
            return Results.Redirect("/login?returnTo=%2Fsettings%2Ftokens");
        }

        var name = form["name"].FirstOrDefault()?.Trim() ?? string.Empty;
        var role = form["role"].FirstOrDefault() ?? "read";
        if (name.Length is 0 or > 100 || role is not ("read" or "write") || (role == "write" && caller.Role != "write"))
        {
            return await TokensAsync(context, null, "Give the token a name (up to 100 characters) and a role your own token has.", ct);
        }

        var secret = await context.RequestServices.GetRequiredService<TokenService>().CreateAsync(caller.Name, name, role, caller.Organizations, ct);
        return await TokensAsync(context, secret, null, ct);
    }

    // Every page answers as a page: a missing or hidden repository is the same 404 page, a moved one redirects to its new page.
    private static async Task PageAsync(HttpContext context, Func<CancellationToken, Task<IResult>> page)
    {
        await Session.SignInFromCookieAsync(context);
        if (Session.FromCookie(context))
        {
            // The sign-out form on every page needs its token before the page starts to stream.
            Session.FormToken(context);
        }

        // What a signed-in person sees is theirs: no shared cache may keep it.
        context.Response.Headers.CacheControl = "no-store";
        IResult result;
        try
        {
            result = await page(context.RequestAborted);
        }
        catch (HubProblemException e) when (e.MovedTo is { } moved)
        {
            var prefix = context.Request.Path.Value!.StartsWith("/datasets/", StringComparison.Ordinal) ? "/datasets/" : "/";
            result = Results.Redirect(prefix + moved.To);
        }
        catch (HubProblemException e) when (e.Status == 400)
        {
            result = new RazorComponentResult<ErrorPage>(new { Status = 400, Message = e.Message }) { StatusCode = 400 };
        }
        catch (Exception e) when (e is not OperationCanceledException and not HubProblemException)
        {
            // Whatever broke is logged with the request's id; the person sees a page with that id, never the exception.
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PageEndpoints)).LogError(e, "Page {Path} failed (request {RequestId})", context.Request.Path, context.TraceIdentifier);
            result = new RazorComponentResult<ErrorPage>(new { Status = 500, Message = $"This page could not be shown; the server logged why (request {context.TraceIdentifier})." }) { StatusCode = 500 };
        }
        catch (HubProblemException e) when (e.Status is 401 or 403 or 404)
        {
            result = NotFoundPage();
        }

        context.Response.Headers.ContentSecurityPolicy = Policy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "same-origin";
        await result.ExecuteAsync(context);
    }

    private static RazorComponentResult<ErrorPage> NotFoundPage() => new(new { Status = 404 }) { StatusCode = 404 };

    private static async Task StyleAsync(HttpContext context)
    {
        context.Response.ContentType = "text/css; charset=utf-8";
        context.Response.Headers.CacheControl = "public, max-age=3600";
        await context.Response.Body.WriteAsync(StyleSheet.Value, context.RequestAborted);
    }
}
