using System.Globalization;
using System.Text;
using System.Text.Json;
using HubPlatform.Hub;
using HubPlatform.Storage;
using HubPlatform.Storage.Entities;
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
        await WriteJsonAsync(context, 200, w =>
        {
            w.WriteString("type", "user");
            w.WriteString("id", caller.UserId.ToString("x24", CultureInfo.InvariantCulture));
            w.WriteString("name", caller.Name);
            w.WriteString("fullname", caller.Name);
            w.WriteNull("email");
            w.WriteBoolean("emailVerified", false);
            w.WriteBoolean("isPro", false);
            w.WriteBoolean("canPay", false);
            w.WriteNull("periodEnd");
            w.WriteStartArray("orgs");
            foreach (var org in caller.Organizations)
            {
                w.WriteStartObject();
                w.WriteString("type", "org");
                w.WriteString("name", org);
                w.WriteString("fullname", org);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("auth");
            w.WriteString("type", "access_token");
            w.WriteStartObject("accessToken");
            w.WriteString("displayName", caller.TokenName);
            w.WriteString("role", caller.Role);
            w.WriteString("createdAt", HubHttp.Timestamp(caller.TokenCreatedAt));
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary><c>GET /api/models</c> and <c>/api/datasets</c>: search, author, filter, sort, direction, limit, cursor paging with <c>Link</c>.</summary>
    public static async Task ListAsync(HttpContext context, RepoType type)
    {
        var ct = context.RequestAborted;
        var q = context.Request.Query;
        var db = context.RequestServices.GetRequiredService<HubDbContext>();
        var typeName = type.SingularName();
        var caller = context.Caller();
        var visible = caller is null ? [] : caller.Organizations.Append(caller.Name).Select(n => n.ToLowerInvariant()).ToList();
        var query = db.Repositories.AsNoTracking().Where(r => r.Type == typeName && (!r.Private || visible.Contains(r.NamespaceLower)));

        if (q["author"].FirstOrDefault() is { Length: > 0 } author)
        {
            var lower = author.ToLowerInvariant();
            query = query.Where(r => r.NamespaceLower == lower);
        }

        var index = context.RequestServices.GetRequiredService<SearchIndex>();
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
        var siblings = new Dictionary<long, List<CommitFileEntity>?>();
        foreach (var row in rows.Take(limit))
        {
            heads[row.Id] = await repos.ResolveAsync(row, RepositoryService.DefaultBranch, ct);
            siblings[row.Id] = fields.NeedsFiles && heads[row.Id] is { } head ? await repos.FilesAsync(row, head, ct) : null;
        }

        if (rows.Count > limit)
        {
            SetNextLink(context, "cursor", EncodeCursor(offset + limit));
        }

        await WriteJsonArrayAsync(context, rows.Take(limit), (w, r) => WriteRepo(w, r, heads[r.Id], siblings[r.Id], false, fields));
    }

    /// <summary><c>GET /api/{type}/{repo}[/revision/{rev}]</c>.</summary>
    public static async Task InfoAsync(HttpContext context, RepoType type, RepoId id, string revision)
    {
        var ct = context.RequestAborted;
        var repo = await context.ReadableRepoAsync(type, id, ct);
        var repos = context.RequestServices.GetRequiredService<RepositoryService>();
        var commit = await context.ResolveRevisionAsync(repo, revision, ct);
        var files = await repos.FilesAsync(repo, commit, ct);
        var blobs = HubHttp.IsTrue(context.Request.Query["blobs"].FirstOrDefault());
        var commitRow = await repos.CommitAsync(repo, commit, ct);
        var fields = RepoFields.FromQuery(context.Request.Query, cardData: true, siblings: true);
        await WriteJsonAsync(context, 200, w => WriteRepo(w, repo, commit, files, blobs, fields, commitRow?.Date));
    }

    /// <summary><c>GET /api/{type}/{repo}/tree/{rev}[/{path}]</c>, recursive or not, paged with <c>Link</c>.</summary>
    public static async Task TreeAsync(HttpContext context, RepoType type, RepoId id, string revision, string path)
    {
        var ct = context.RequestAborted;
        var repo = await context.ReadableRepoAsync(type, id, ct);
        var repos = context.RequestServices.GetRequiredService<RepositoryService>();
        var commit = await context.ResolveRevisionAsync(repo, revision, ct);
        var files = await repos.FilesAsync(repo, commit, ct);
        var folder = path.Trim('/');
        var recursive = HubHttp.IsTrue(context.Request.Query["recursive"].FirstOrDefault());
        var expand = HubHttp.IsTrue(context.Request.Query["expand"].FirstOrDefault());
        var treeIds = GitObjects.TreeIds(files.Select(f => KeyValuePair.Create(f.Path, f.BlobId)));
        if (folder.Length > 0 && !treeIds.ContainsKey(folder))
        {
            throw new HubProblemException(404, $"{folder} does not exist on \"{revision}\"", "EntryNotFound");
        }

        var entries = TreeEntries(files, treeIds, folder, recursive).ToList();
        var pageSize = context.RequestServices.GetRequiredService<IOptions<MirrorOptions>>().Value.TreePageSize;
        var offset = DecodeCursor(context.Request.Query["cursor"].FirstOrDefault());
        var page = entries.Skip(offset).Take(pageSize).ToList();
        if (offset + pageSize < entries.Count)
        {
            SetNextLink(context, "cursor", EncodeCursor(offset + pageSize));
        }

        var commits = expand ? (await repos.HistoryAsync(repo, commit, ct)).ToDictionary(c => c.Id) : null;
        await WriteJsonArrayAsync(context, page, (w, e) => WriteEntry(w, e, commits));
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
            using var doc = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: ct);
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
        var files = await repos.FilesAsync(repo, commit, ct);
        var treeIds = GitObjects.TreeIds(files.Select(f => KeyValuePair.Create(f.Path, f.BlobId)));
        var byPath = files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var entries = new List<Entry>();
        foreach (var p in paths.Select(p => p.Trim('/')).Distinct(StringComparer.Ordinal))
        {
            if (byPath.TryGetValue(p, out var file))
            {
                entries.Add(new Entry(p, file, null));
            }
            else if (p.Length > 0 && treeIds.TryGetValue(p, out var treeId))
            {
                entries.Add(new Entry(p, null, treeId));
            }
        }

        var commits = expand ? (await repos.HistoryAsync(repo, commit, ct)).ToDictionary(c => c.Id) : null;
        await WriteJsonArrayAsync(context, entries, (w, e) => WriteEntry(w, e, commits));
    }

    public static async Task RefsAsync(HttpContext context, RepoType type, RepoId id)
    {
        var ct = context.RequestAborted;
        var repo = await context.ReadableRepoAsync(type, id, ct);
        var refs = await context.RequestServices.GetRequiredService<RepositoryService>().RefsAsync(repo, ct);
        var includePrs = HubHttp.IsTrue(context.Request.Query["include_prs"].FirstOrDefault());
        await WriteJsonAsync(context, 200, w =>
        {
            void Group(string name, string prefix)
            {
                w.WriteStartArray(name);
                foreach (var r in refs.Where(r => r.Name.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    w.WriteStartObject();
                    w.WriteString("name", r.Name[prefix.Length..]);
                    w.WriteString("ref", r.Name);
                    w.WriteString("targetCommit", r.CommitId);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            Group("branches", "refs/heads/");
            Group("converts", "refs/convert/");
            Group("tags", "refs/tags/");
            if (includePrs)
            {
                Group("pullRequests", "refs/pr/");
            }
        });
    }

    public static async Task CommitsAsync(HttpContext context, RepoType type, RepoId id, string revision)
    {
        var ct = context.RequestAborted;
        var repo = await context.ReadableRepoAsync(type, id, ct);
        var repos = context.RequestServices.GetRequiredService<RepositoryService>();
        var commit = await context.ResolveRevisionAsync(repo, revision, ct);
        var history = await repos.HistoryAsync(repo, commit, ct);
        var q = context.Request.Query;
        var limit = int.TryParse(q["limit"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 1000) : 50;
        var page = int.TryParse(q["p"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0;
        context.Response.Headers["X-Total-Count"] = history.Count.ToString(CultureInfo.InvariantCulture);
        if ((page + 1) * limit < history.Count)
        {
            SetNextLink(context, "p", (page + 1).ToString(CultureInfo.InvariantCulture));
        }

        await WriteJsonArrayAsync(context, history.Skip(page * limit).Take(limit), (w, c) =>
        {
            w.WriteString("id", c.Id);
            w.WriteString("title", c.Title);
            var body = c.Message.Length > c.Title.Length + 1 ? c.Message[(c.Title.Length + 1)..].Trim('\n') : string.Empty;
            w.WriteString("message", body);
            w.WriteStartArray("authors");
            w.WriteStartObject();
            w.WriteString("user", c.AuthorName);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteString("date", HubHttp.Timestamp(c.Date));
        });
    }

    // The next page is this request's absolute URL (path as the client sent it) with one paging parameter replaced.
    private static void SetNextLink(HttpContext context, string key, string value)
    {
        var raw = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target ? target : context.Request.Path.ToUriComponent();
        var parameters = context.Request.Query.Where(p => p.Key != key)
            .SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? string.Empty)}"))
            .Append($"{key}={Uri.EscapeDataString(value)}");
        context.Response.Headers["Link"] = $"<{context.BaseUrl()}{raw.Split('?')[0]}?{string.Join('&', parameters)}>; rel=\"next\"";
    }

    internal static IEnumerable<string> Values(IQueryCollection query, string key) =>
        query[key].Concat(query[key + "[]"]).Where(v => !string.IsNullOrEmpty(v)).SelectMany(v => v!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    internal static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var w = new Utf8JsonWriter(context.Response.Body);
        w.WriteStartObject();
        body(w);
        w.WriteEndObject();
    }

    private static async Task WriteJsonArrayAsync<T>(HttpContext context, IEnumerable<T> items, Action<Utf8JsonWriter, T> item)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var w = new Utf8JsonWriter(context.Response.Body);
        w.WriteStartArray();
        foreach (var x in items)
        {
            w.WriteStartObject();
            item(w, x);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteRepo(Utf8JsonWriter w, RepositoryEntity r, string? sha, List<CommitFileEntity>? files, bool blobs, RepoFields fields, DateTimeOffset? lastModified = null)
    {
        w.WriteString("_id", r.ObjectId);
        w.WriteString("id", $"{r.Namespace}/{r.Name}");
        if (fields.Want("author"))
        {
            w.WriteString("author", r.Namespace);
        }

        if (sha is not null && fields.Want("sha"))
        {
            w.WriteString("sha", sha);
        }

        if (fields.Want("lastModified"))
        {
            w.WriteString("lastModified", HubHttp.Timestamp(lastModified ?? r.LastModified));
        }

        if (fields.Want("createdAt"))
        {
            w.WriteString("createdAt", HubHttp.Timestamp(r.CreatedAt));
        }

        if (fields.Want("private"))
        {
            w.WriteBoolean("private", r.Private);
        }

        if (fields.Want("gated"))
        {
            if (r.Gated is "auto" or "manual")
            {
                w.WriteString("gated", r.Gated);
            }
            else
            {
                w.WriteBoolean("gated", false);
            }
        }

        if (fields.Want("disabled"))
        {
            w.WriteBoolean("disabled", false);
        }

        if (fields.Want("downloads"))
        {
            w.WriteNumber("downloads", r.Downloads);
        }

        if (fields.Want("downloadsAllTime", byDefault: false))
        {
            w.WriteNumber("downloadsAllTime", r.Downloads);
        }

        if (fields.Want("likes"))
        {
            w.WriteNumber("likes", r.Likes);
        }

        if (fields.Want("tags"))
        {
            w.WriteStartArray("tags");
            foreach (var tag in r.Tags.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                w.WriteStringValue(tag);
            }

            w.WriteEndArray();
        }

        if (r.Type == "model")
        {
            if (r.PipelineTag is not null && fields.Want("pipeline_tag"))
            {
                w.WriteString("pipeline_tag", r.PipelineTag);
            }

            if (r.LibraryName is not null && fields.Want("library_name"))
            {
                w.WriteString("library_name", r.LibraryName);
            }
        }

        if (r.CardDataJson is not null && fields.Want("cardData", fields.CardData))
        {
            w.WritePropertyName("cardData");
            w.WriteRawValue(r.CardDataJson);
        }

        if (r.Type == "model" && r.CardDataJson is not null && fields.Want("model-index", byDefault: false)
            && JsonNodeOf(r.CardDataJson)?["model-index"] is { } modelIndex)
        {
            w.WritePropertyName("model-index");
            modelIndex.WriteTo(w);
        }

        if (files is not null && fields.Want("siblings", fields.Siblings))
        {
            w.WriteStartArray("siblings");
            foreach (var f in files)
            {
                w.WriteStartObject();
                w.WriteString("rfilename", f.Path);
                if (blobs)
                {
                    w.WriteNumber("size", f.Size);
                    w.WriteString("blobId", f.BlobId);
                    if (f.Lfs)
                    {
                        w.WriteStartObject("lfs");
                        w.WriteString("sha256", f.Sha256);
                        w.WriteNumber("size", f.Size);
                        w.WriteNumber("pointerSize", new LfsPointer(f.Sha256, f.Size).PointerSize);
                        w.WriteEndObject();
                    }
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (files is not null && fields.Want("spaces", fields.Siblings))
        {
            w.WriteStartArray("spaces");
            w.WriteEndArray();
        }

        if (files is not null && fields.Want("usedStorage", fields.Siblings))
        {
            w.WriteNumber("usedStorage", files.Sum(f => f.Size));
        }
    }

    private static System.Text.Json.Nodes.JsonNode? JsonNodeOf(string json)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Entry(string Path, CommitFileEntity? File, string? TreeId);

    private static IEnumerable<Entry> TreeEntries(List<CommitFileEntity> files, IReadOnlyDictionary<string, string> treeIds, string folder, bool recursive)
    {
        var prefix = folder.Length == 0 ? string.Empty : folder + "/";
        var folders = treeIds.Keys.Where(k => k.Length > 0 && k.StartsWith(prefix, StringComparison.Ordinal) && (recursive || !k[prefix.Length..].Contains('/', StringComparison.Ordinal)))
            .Select(k => new Entry(k, null, treeIds[k]));
        var inFolder = files.Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal) && (recursive || !f.Path[prefix.Length..].Contains('/', StringComparison.Ordinal)))
            .Select(f => new Entry(f.Path, f, null));
        return folders.Concat(inFolder).OrderBy(e => e.File is null ? 0 : 1).ThenBy(e => e.Path, StringComparer.Ordinal);
    }

    private static void WriteEntry(Utf8JsonWriter w, Entry e, Dictionary<string, CommitEntity>? commits)
    {
        if (e.File is not { } f)
        {
            w.WriteString("type", "directory");
            w.WriteString("oid", e.TreeId);
            w.WriteNumber("size", 0);
            w.WriteString("path", e.Path);
            return;
        }

        w.WriteString("type", "file");
        w.WriteString("oid", f.BlobId);
        w.WriteNumber("size", f.Size);
        w.WriteString("path", f.Path);
        if (f.Lfs)
        {
            w.WriteStartObject("lfs");
            w.WriteString("oid", f.Sha256);
            w.WriteNumber("size", f.Size);
            w.WriteNumber("pointerSize", new LfsPointer(f.Sha256, f.Size).PointerSize);
            w.WriteEndObject();
        }

        if (commits is not null && commits.TryGetValue(f.LastCommitId, out var c))
        {
            w.WriteStartObject("lastCommit");
            w.WriteString("id", c.Id);
            w.WriteString("title", c.Title);
            w.WriteString("date", HubHttp.Timestamp(c.Date));
            w.WriteEndObject();
        }
    }

    private static bool HasTag(RepositoryEntity repo, string filter)
    {
        var tags = repo.Tags.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return tags.Contains(filter, StringComparer.OrdinalIgnoreCase) || string.Equals(repo.PipelineTag, filter, StringComparison.OrdinalIgnoreCase);
    }

    private static string EncodeCursor(int offset) => Convert.ToBase64String(Encoding.ASCII.GetBytes(offset.ToString(CultureInfo.InvariantCulture))).TrimEnd('=');

    private static int DecodeCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return 0;
        }

        try
        {
            var padded = cursor + new string('=', (4 - (cursor.Length % 4)) % 4);
            return int.Parse(Encoding.ASCII.GetString(Convert.FromBase64String(padded)), NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            throw new HubProblemException(400, "The cursor is not one this server made.");
        }
        catch (OverflowException)
        {
            throw new HubProblemException(400, "The cursor is not one this server made.");
        }
    }
}
