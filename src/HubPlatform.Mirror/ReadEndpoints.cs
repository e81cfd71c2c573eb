using System.Globalization;
using System.Text;
using System.Text.Json;
using HubPlatform.Hub;
using HubPlatform.Hub.Api;
using HubPlatform.Storage;
using HubPlatform.Storage.Entities;
using HubPlatform.Storage.Trees;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HubPlatform.Mirror;

/// <summary>The Hub's read API: listings, repository info, tree, paths-info, refs, commits, whoami.</summary>
internal static class ReadEndpoints
{
    private const int MaxListLimit = 1000;

    public static async Task WhoAmIAsync(HttpContext context)
    {
        var caller = context.RequireCaller();
        await context.WriteAsync(
            new WhoAmI
            {
                Id = caller.UserId.ToString("x24", CultureInfo.InvariantCulture),
                Name = caller.Name,
                FullName = caller.Name,
                EmailVerified = false,
                IsPro = false,
                CanPay = false,
                Orgs = caller.Organizations.Select(o => new WhoAmIOrg { Name = o, FullName = o }).ToList(),
                Auth = new WhoAmIAuth
                {
                    Type = "access_token",
                    AccessToken = new AccessTokenInfo { DisplayName = caller.TokenName, Role = caller.Role, CreatedAt = caller.TokenCreatedAt },
                },
            },
            HubJsonContext.Default.WhoAmI);
    }

    /// <summary><c>GET /api/models</c> and <c>/api/datasets</c>: search, author, filter, sort, direction, limit, cursor paging with <c>Link</c>.</summary>
    public static async Task ListAsync(HttpContext context, RepoType type)
    {
        var ct = context.RequestAborted;
        var cache = context.RequestServices.GetRequiredService<ListingCache>();
        var key = cache.KeyOf(context, type.SingularName());
        if (!cache.TryGet(key, out var answer))
        {
            answer = await ListAnswerAsync(context, type, ct);
            cache.Set(key, answer!);
        }

        if (answer!.Link is { } link)
        {
            context.Response.Headers.Link = link;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = answer.Body.Length;
        await context.Response.Body.WriteAsync(answer.Body, ct);
    }

    private static async Task<CachedAnswer> ListAnswerAsync(HttpContext context, RepoType type, CancellationToken ct)
    {
        var q = context.Request.Query;
        var db = context.RequestServices.GetRequiredService<HubDbContext>();
        var typeName = type.SingularName();
        var caller = context.Caller();
        var visible = caller?.ReadableNamespaces ?? [];
        var query = db.Repositories.AsNoTracking().Where(r => r.Type == typeName && (!r.Private || visible.Contains(r.NamespaceLower)));

        if (q["author"].FirstOrDefault() is { Length: > 0 } author)
        {
            var lower = author.ToLowerInvariant();
            query = query.Where(r => r.NamespaceLower == lower);
        }

        var index = context.RequestServices.GetRequiredService<ISearchIndex>();
        foreach (var search in q["search"].Where(s => !string.IsNullOrEmpty(s)))
        {
            var term = search!.ToLowerInvariant();
            if (await index.SearchAsync(term, ct) is { } hits)
            {
                query = query.Where(r => hits.Contains(r.Id));
            }
            else
            {
                query = query.Where(r => (r.NamespaceLower + "/" + r.NameLower).Contains(term));
            }
        }

        var filters = Values(q, "filter").ToList();
        if (q["pipeline_tag"].FirstOrDefault() is { Length: > 0 } pipeline)
        {
            query = query.Where(r => r.PipelineTag == pipeline);
        }

        // The mirror's own filters, on what validation found at the head of the default branch: filter=verified (a task was
        // verified by a run) and validated_task= (the task found, verified or not).
        var verifiedOnly = type == RepoType.Model && filters.RemoveAll(f => string.Equals(f, "verified", StringComparison.OrdinalIgnoreCase)) > 0;
        var validatedTask = type == RepoType.Model ? q["validated_task"].FirstOrDefault() : null;
        if (verifiedOnly || validatedTask is { Length: > 0 })
        {
            var validated = ValidationRows.AtDefaultHeads(db).Where(v => !verifiedOnly || v.Verified).Where(v => string.IsNullOrEmpty(validatedTask) || v.Task == validatedTask)
                .Select(v => v.RepositoryId);
            query = query.Where(r => validated.Contains(r.Id));
        }

        var limit = int.TryParse(q["limit"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, MaxListLimit) : MaxListLimit;
        var offset = DecodeCursor(q["cursor"].FirstOrDefault());
        var descending = q["direction"].FirstOrDefault() != "1";
        query = (q["sort"].FirstOrDefault(), descending) switch
        {
            ("downloads", true) => query.OrderByDescending(r => r.Downloads).ThenBy(r => r.Id),
            ("downloads", false) => query.OrderBy(r => r.Downloads).ThenBy(r => r.Id),
            ("likes", true) => query.OrderByDescending(r => r.Likes).ThenBy(r => r.Id),
            ("likes", false) => query.OrderBy(r => r.Likes).ThenBy(r => r.Id),
            ("createdAt", true) => query.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id),
            ("createdAt", false) => query.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id),
            ("lastModified", true) => query.OrderByDescending(r => r.LastModified).ThenBy(r => r.Id),
            ("lastModified", false) => query.OrderBy(r => r.LastModified).ThenBy(r => r.Id),
            ("id", _) => query.OrderBy(r => r.NamespaceLower).ThenBy(r => r.NameLower),
            _ => query.OrderByDescending(r => r.Id),
        };

        // Tag filters need the space-separated tag column, matched as whole words.
        var rows = filters.Count == 0
            ? await query.Skip(offset).Take(limit + 1).ToListAsync(ct)
            : (await query.ToListAsync(ct)).Where(r => filters.All(f => HasTag(r, f))).Skip(offset).Take(limit + 1).ToList();
        var fields = RepoFields.FromQuery(q, HubHttp.IsTrue(q["full"].FirstOrDefault()) || HubHttp.IsTrue(q["cardData"].FirstOrDefault()), HubHttp.IsTrue(q["full"].FirstOrDefault()));
        var repos = context.RequestServices.GetRequiredService<RepositoryService>();
        var heads = new Dictionary<long, string?>();
        var siblings = new Dictionary<long, Files?>();
        foreach (var row in rows.Take(limit))
        {
            heads[row.Id] = await repos.ResolveAsync(row, RepositoryService.DefaultBranch, ct);
            siblings[row.Id] = fields.NeedsFiles && heads[row.Id] is { } head ? await FilesOfAsync(repos, row, head, fields.Want("siblings", fields.Siblings), ct) : null;
        }

        var link = rows.Count > limit ? NextLink(context, "cursor", EncodeCursor(offset + limit)) : null;
        var items = rows.Take(limit).Select(r => ToRepoInfo(r, heads[r.Id], siblings[r.Id], false, fields)).ToList();
        var body = type == RepoType.Dataset
            ? JsonSerializer.SerializeToUtf8Bytes(items.Cast<DatasetInfo>().ToList(), HubJsonContext.Default.ListDatasetInfo)
            : JsonSerializer.SerializeToUtf8Bytes(items.Cast<ModelInfo>().ToList(), HubJsonContext.Default.ListModelInfo);
        return new CachedAnswer(body, link);
    }

    /// <summary><c>GET /api/{type}/{repo}[/revision/{rev}]</c>.</summary>
    public static async Task InfoAsync(HttpContext context, RepoType type, RepoId id, string revision)
    {
        var ct = context.RequestAborted;
        var repo = await context.ReadableRepoAsync(type, id, ct);
        var repos = context.RequestServices.GetRequiredService<RepositoryService>();
        var commit = await context.ResolveRevisionAsync(repo, revision, ct);
        var blobs = HubHttp.IsTrue(context.Request.Query["blobs"].FirstOrDefault());
        var commitRow = await repos.CommitAsync(repo, commit, ct);
        var fields = RepoFields.FromQuery(context.Request.Query, cardData: true, siblings: true);
        var files = await FilesOfAsync(repos, repo, commit, fields.Want("siblings", fields.Siblings), ct);
        switch (ToRepoInfo(repo, commit, files, blobs, fields, commitRow?.Date))
        {
            case DatasetInfo dataset:
                await context.WriteAsync(dataset, HubJsonContext.Default.DatasetInfo);
                break;
            case ModelInfo model:
                // Like every other field, shown without expand or when expand asks for it.
                var validation = fields.Want("validation") ? await ValidationRows.SummaryAsync(context, repo.Id, commit, ct) : null;
                await context.WriteAsync(model with { Validation = validation }, HubJsonContext.Default.ModelInfo);
                break;
        }
    }

    /// <summary>
    /// <c>GET /api/{type}/{repo}/tree/{rev}[/{path}]</c>: a folder's entries (folders first), or with <c>recursive</c> every
    /// entry below it depth first; paged with <c>Link</c> and a keyset cursor (the last entry sent), so a page reads only the
    /// nodes it lists.
    /// </summary>
    public static async Task TreeAsync(HttpContext context, RepoType type, RepoId id, string revision, string path)
    {
        var ct = context.RequestAborted;
        var repo = await context.ReadableRepoAsync(type, id, ct);
        var repos = context.RequestServices.GetRequiredService<RepositoryService>();
        var trees = context.RequestServices.GetRequiredService<TreeStore>();
        var commit = await context.ResolveRevisionAsync(repo, revision, ct);
        var folder = path.Trim('/');
        var node = folder.Length == 0
            ? await repos.RootAsync(repo, commit, ct)
            : await repos.EntryAsync(repo, commit, folder, ct) is { IsDirectory: true } entry
                ? entry.ChildId
                : throw new HubProblemException(404, $"{folder} does not exist on \"{revision}\"", "EntryNotFound");
        var recursive = HubHttp.IsTrue(context.Request.Query["recursive"].FirstOrDefault());
        var expand = HubHttp.IsTrue(context.Request.Query["expand"].FirstOrDefault());
        var pageSize = context.RequestServices.GetRequiredService<IOptions<MirrorOptions>>().Value.TreePageSize;
        var prefix = folder.Length == 0 ? string.Empty : folder + "/";
        var after = DecodeTreeCursor(context.Request.Query["cursor"].FirstOrDefault(), prefix);
        var page = new List<(string Path, TreeItem Item)>(Math.Min(pageSize, 1024));
        var more = false;
        var entries = recursive
            ? trees.WalkAsync(node, prefix, after?.Segments, after?.IsDirectory ?? false, ct)
            : Children(trees.EntriesAsync(node, after?.Segments[0], after?.IsDirectory ?? false, ct), prefix);
        await foreach (var e in entries)
        {
            if (page.Count == pageSize)
            {
                more = true;
                break;
            }

            page.Add(e);
        }

        if (more)
        {
            var (lastPath, lastItem) = page[^1];
            SetNextLink(context, "cursor", EncodeTreeCursor(lastPath[prefix.Length..], lastItem.IsDirectory));
        }

        var commits = expand ? await repos.CommitsBySequenceAsync(repo, page.Select(e => e.Item.LastCommit), ct) : null;
        await context.WriteAsync(page.Select(e => ToTreeEntry(e.Path, e.Item, commits)).ToList(), HubJsonContext.Default.ListTreeEntry);
    }

    private static async IAsyncEnumerable<(string Path, TreeItem Item)> Children(IAsyncEnumerable<TreeItem> items, string prefix)
    {
        await foreach (var item in items)
        {
            yield return (prefix + item.Name, item);
        }
    }

    /// <summary><c>POST /api/{type}/{repo}/paths-info/{rev}</c> with a form (Python) or JSON (JS) body.</summary>
    public static async Task PathsInfoAsync(HttpContext context, RepoType type, RepoId id, string revision)
    {
        var ct = context.RequestAborted;
        var repo = await context.ReadableRepoAsync(type, id, ct);
        List<string> paths;
        var expand = false;
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(ct);
            paths = form["paths"].OfType<string>().ToList();
            expand = HubHttp.IsTrue(form["expand"].FirstOrDefault());
        }
        else
        {
            using var doc = await WriteEndpoints.ReadJsonAsync(context, ct);
            paths = doc.RootElement.TryGetProperty("paths", out var p) && p.ValueKind == JsonValueKind.Array
                ? p.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                : throw new HubProblemException(400, "The body needs 'paths', a list of strings.");
            expand = doc.RootElement.TryGetProperty("expand", out var x) && x.ValueKind == JsonValueKind.True;
        }

        if (paths.Count > 1000)
        {
            throw new HubProblemException(413, "Too many paths (at most 1000 per call).");
        }

        var repos = context.RequestServices.GetRequiredService<RepositoryService>();
        var commit = await context.ResolveRevisionAsync(repo, revision, ct);
        var entries = new List<(string Path, TreeItem Item)>();
        foreach (var p in paths.Select(p => p.Trim('/')).Distinct(StringComparer.Ordinal))
        {
            if (p.Length > 0 && await repos.EntryAsync(repo, commit, p, ct) is { } item)
            {
                entries.Add((p, item));
            }
        }

        var commits = expand ? await repos.CommitsBySequenceAsync(repo, entries.Select(e => e.Item.LastCommit), ct) : null;
        await context.WriteAsync(entries.Select(e => ToTreeEntry(e.Path, e.Item, commits)).ToList(), HubJsonContext.Default.ListTreeEntry);
    }

    public static async Task RefsAsync(HttpContext context, RepoType type, RepoId id)
    {
        var ct = context.RequestAborted;
        var repo = await context.ReadableRepoAsync(type, id, ct);
        var refs = await context.RequestServices.GetRequiredService<RepositoryService>().RefsAsync(repo, ct);
        var includePrs = HubHttp.IsTrue(context.Request.Query["include_prs"].FirstOrDefault());
        List<GitRefInfo> Group(string prefix) => refs.Where(r => r.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(r => new GitRefInfo { Name = r.Name[prefix.Length..], Ref = r.Name, TargetCommit = r.CommitId }).ToList();
        await context.WriteAsync(
            new GitRefs { Branches = Group("refs/heads/"), Converts = Group("refs/convert/"), Tags = Group("refs/tags/"), PullRequests = includePrs ? Group("refs/pr/") : null },
            HubJsonContext.Default.GitRefs);
    }

    public static async Task CommitsAsync(HttpContext context, RepoType type, RepoId id, string revision)
    {
        var ct = context.RequestAborted;
        var repo = await context.ReadableRepoAsync(type, id, ct);
        var repos = context.RequestServices.GetRequiredService<RepositoryService>();
        var commit = await context.ResolveRevisionAsync(repo, revision, ct);
        var q = context.Request.Query;
        var limit = int.TryParse(q["limit"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 1000) : 50;
        var page = int.TryParse(q["p"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? Math.Min(p, 1_000_000) : 0;
        var (history, total) = await repos.HistoryAsync(repo, commit, page * limit, limit, ct);
        context.Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        if ((page + 1) * limit < total)
        {
            SetNextLink(context, "p", (page + 1).ToString(CultureInfo.InvariantCulture));
        }

        var items = history.Select(c => new CommitInfo
        {
            Id = c.Id,
            Title = c.Title,
            Message = c.Message.Length > c.Title.Length + 1 ? c.Message[(c.Title.Length + 1)..].Trim('\n') : string.Empty,
            Authors = [new CommitAuthor { User = c.AuthorName }],
            Date = c.Date,
        }).ToList();
        await context.WriteAsync(items, HubJsonContext.Default.ListCommitInfo);
    }

    // The next page is this request's absolute URL (path as the client sent it) with one paging parameter replaced.
    internal static void SetNextLink(HttpContext context, string key, string value) => context.Response.Headers.Link = NextLink(context, key, value);

    private static string NextLink(HttpContext context, string key, string value)
    {
        var raw = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target ? target : context.Request.Path.ToUriComponent();
        var parameters = context.Request.Query.Where(p => p.Key != key)
            .SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? string.Empty)}"))
            .Append($"{key}={Uri.EscapeDataString(value)}");
        return $"<{context.BaseUrl()}{raw.Split('?')[0]}?{string.Join('&', parameters)}>; rel=\"next\"";
    }

    internal static IEnumerable<string> Values(IQueryCollection query, string key) =>
        query[key].Concat(query[key + "[]"]).Where(v => !string.IsNullOrEmpty(v)).SelectMany(v => v!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    // A repository as the Hub describes it, with only the properties the request's fields want (the others stay null, so
    // they are not written).
    private static RepoInfo ToRepoInfo(RepositoryEntity r, string? sha, Files? files, bool blobs, RepoFields fields, DateTimeOffset? lastModified = null)
    {
        var isModel = r.Type == "model";

        // Parsed only when the answer carries it: listings of a thousand repositories mostly do not.
        var cardWanted = fields.Want("cardData", fields.CardData) || (isModel && fields.Want("model-index", byDefault: false));
        var card = r.CardDataJson is null || !cardWanted ? (JsonElement?)null : JsonSerializer.Deserialize(r.CardDataJson, HubJsonContext.Default.JsonElement);
        T? Want<T>(string key, T value, bool byDefault = true) => fields.Want(key, byDefault) ? value : default;
        RepoInfo info = isModel
            ? new ModelInfo
            {
                Id = $"{r.Namespace}/{r.Name}",
                PipelineTag = Want("pipeline_tag", r.PipelineTag),
                LibraryName = Want("library_name", r.LibraryName),
                ModelIndex = card is { } c && c.ValueKind == JsonValueKind.Object && c.TryGetProperty("model-index", out var index) ? Want("model-index", (JsonElement?)index, byDefault: false) : null,
                Spaces = files is not null ? Want("spaces", (IReadOnlyList<string>?)[], fields.Siblings) : null,
            }
            : new DatasetInfo { Id = $"{r.Namespace}/{r.Name}" };
        return info with
        {
            InternalId = r.ObjectId,
            Author = Want("author", r.Namespace),
            Sha = sha is null ? null : Want("sha", sha),
            LastModified = Want("lastModified", (DateTimeOffset?)(lastModified ?? r.LastModified)),
            CreatedAt = Want("createdAt", (DateTimeOffset?)r.CreatedAt),
            Private = Want("private", (bool?)r.Private),
            Gated = Want("gated", (GateMode?)(r.Gated switch { "auto" => GateMode.Auto, "manual" => GateMode.Manual, _ => GateMode.None })),
            Disabled = Want("disabled", (bool?)false),
            Downloads = Want("downloads", (long?)r.Downloads),
            DownloadsAllTime = Want("downloadsAllTime", (long?)r.Downloads, byDefault: false),
            Likes = Want("likes", (long?)r.Likes),
            Tags = Want("tags", (IReadOnlyList<string>?)r.Tags.Split(' ', StringSplitOptions.RemoveEmptyEntries)),
            CardData = Want("cardData", card, fields.CardData),
            Siblings = files?.List is null ? null : Want("siblings", (IReadOnlyList<RepoSibling>?)files.List.Select(f => ToSibling(f, blobs)).ToList(), fields.Siblings),
            UsedStorage = files is null ? null : Want("usedStorage", (long?)files.TotalSize, fields.Siblings),
        };
    }

    // A commit's files for siblings (listed only when wanted) and its size, which the root folder carries.
    private sealed record Files(List<RepoFile>? List, long TotalSize);

    private static async Task<Files> FilesOfAsync(RepositoryService repos, RepositoryEntity repo, string commit, bool list, CancellationToken ct)
    {
        var root = await repos.RootNodeAsync(repo, commit, ct);
        List<RepoFile>? files = null;
        if (list)
        {
            files = new List<RepoFile>((int)Math.Min(root.FileCount, 1_000_000));
            await foreach (var f in repos.AllFilesAsync(repo, commit, ct))
            {
                files.Add(f);
            }
        }

        return new Files(files, root.TotalSize);
    }

    private static RepoSibling ToSibling(RepoFile f, bool blobs) => !blobs
        ? new RepoSibling { RFileName = f.Path }
        : new RepoSibling
        {
            RFileName = f.Path,
            Size = f.Size,
            BlobId = f.BlobId,
            Lfs = f.Lfs ? new SiblingLfsInfo { Sha256 = f.Sha256, Size = f.Size, PointerSize = new LfsPointer(f.Sha256, f.Size).PointerSize } : null,
        };

    private static TreeEntry ToTreeEntry(string path, TreeItem e, Dictionary<long, CommitEntity>? commits)
    {
        var last = commits is not null && commits.TryGetValue(e.LastCommit, out var c) ? new TreeEntryLastCommit { Id = c.Id, Title = c.Title, Date = c.Date } : null;
        if (e.IsDirectory)
        {
            return new TreeEntry { Type = "directory", Oid = e.Oid, Size = 0, Path = path, LastCommit = last };
        }

        return new TreeEntry
        {
            Type = "file",
            Oid = e.Oid,
            Size = e.Size,
            Path = path,
            Lfs = e.Lfs ? new TreeEntryLfsInfo { Oid = e.Sha256!, Size = e.Size, PointerSize = new LfsPointer(e.Sha256!, e.Size).PointerSize } : null,
            LastCommit = last,
        };
    }

    // A tree cursor names the last entry sent, relative to the listed folder, and whether it is a folder.
    private sealed record TreeCursor(string[] Segments, bool IsDirectory);

    private static string EncodeTreeCursor(string relativePath, bool isDirectory) => EncodeCursorText((isDirectory ? "d:" : "f:") + relativePath);

    private static TreeCursor? DecodeTreeCursor(string? cursor, string prefix)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        var text = DecodeCursorText(cursor);
        return text.Length > 2 && text[1] == ':' && text[0] is 'd' or 'f' && RepoFilePath.Problem(prefix + text[2..]) is null
            ? new TreeCursor(text[2..].Split('/'), text[0] == 'd')
            : throw NotOurCursor();
    }

    private static bool HasTag(RepositoryEntity repo, string filter)
    {
        var tags = repo.Tags.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return tags.Contains(filter, StringComparer.OrdinalIgnoreCase) || string.Equals(repo.PipelineTag, filter, StringComparison.OrdinalIgnoreCase);
    }

    private static string EncodeCursor(int offset) => EncodeCursorText(offset.ToString(CultureInfo.InvariantCulture));

    private static int DecodeCursor(string? cursor) =>
        string.IsNullOrEmpty(cursor) ? 0
        : int.TryParse(DecodeCursorText(cursor), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset
        : throw NotOurCursor();

    // Cursors are URL-safe base64 of a short text without padding; standard base64 is read too.
    private static string EncodeCursorText(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string DecodeCursorText(string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (cursor.Length % 4)) % 4);
            return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
        }
        catch (FormatException)
        {
            throw NotOurCursor();
        }
    }

    private static HubProblemException NotOurCursor() => new(400, "The cursor is not one this server made.");
}
