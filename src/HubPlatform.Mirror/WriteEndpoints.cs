using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Runtime.InteropServices;
using System.Text.Json;
using HubPlatform.Cards;
using HubPlatform.Hub;
using HubPlatform.Hub.Api;
using HubPlatform.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace HubPlatform.Mirror;

/// <summary>The Hub's write API: repositories, validate-yaml, preupload and the NDJSON commit.</summary>
internal static class WriteEndpoints
{
    public static async Task CreateRepoAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var caller = context.RequireCaller();
        using var doc = await ReadJsonAsync(context, ct);
        var body = doc.RootElement;
        var name = Str(body, "name") ?? throw new HubProblemException(400, "'name' is required.");
        var ns = Str(body, "organization") ?? caller.Name;
        if (name.Contains('/', StringComparison.Ordinal) && Str(body, "organization") is null)
        {
            (ns, name) = (name[..name.IndexOf('/', StringComparison.Ordinal)], name[(name.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        }

        var type = TypeOf(body);
        var id = HubHttp.ParseRepo(ns, name);
        if (!caller.CanWrite(ns))
        {
            throw new HubProblemException(403, $"You don't have the rights to create a repository under '{ns}'.");
        }

        var isPrivate = PrivateOf(body) ?? false;
        var repos = context.RequestServices.GetRequiredService<RepositoryService>();
        var initialFiles = new List<AddFileOperation>();
        Storage.Entities.RepositoryEntity repo;
        try
        {
            await InitialFilesAsync(context.RequestServices.GetRequiredService<CommitService>(), body, initialFiles, ct);
            repo = await repos.CreateAsync(type, id, isPrivate, caller.Name, ct, initialFiles);
        }
        catch (HubProblemException e) when (e.Status == 409)
        {
            // As the Hub: the conflict names the repository, and huggingface_hub's exist_ok reads its url.
            context.Response.Headers["X-Error-Message"] = e.Message;
            await context.WriteAsync(new CreateRepoResponse { Url = $"{context.BaseUrl()}/{type.UrlPrefix()}{id}", Name = id.ToString(), Error = e.Message }, HubJsonContext.Default.CreateRepoResponse, status: 409);
            return;
        }
        finally
        {
            await DiscardAsync(initialFiles);
        }

        var created = new CreateRepoResponse { Url = $"{context.BaseUrl()}/{type.UrlPrefix()}{id}", Name = id.ToString(), Id = repo.ObjectId };
        await context.WriteAsync(created, HubJsonContext.Default.CreateRepoResponse);
    }

    // The JS client may send the first files with the creation ({files: [{path, content, encoding}]}) and a license, which
    // becomes a README.md holding only that metadata unless the files bring their own README.md.
    private static async Task InitialFilesAsync(CommitService commits, JsonElement body, List<AddFileOperation> files, CancellationToken ct)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        if (body.TryGetProperty("files", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new HubProblemException(400, "'files' must be a list of {path, content, encoding}.");
            }

            var index = 0;
            foreach (var file in list.EnumerateArray())
            {
                var where = $"files[{index++}]";
                files.Add(await StoreInlineFileAsync(commits, file, CheckPath(file, paths, where), where, ct));
            }
        }

        if (Str(body, "license") is { Length: > 0 } license && !paths.Contains("README.md"))
        {
            // Only ids from the Hub's list, which also keeps anything but a plain value out of the YAML.
            if (!CardVocabulary.Default.Licenses.Contains(license.ToLowerInvariant()))
            {
                throw new HubProblemException(400, $"'{license}' is not a license the Hub knows; use an id from its list, or 'other'.");
            }

            files.Add(await commits.StageTextAsync($"---\nlicense: {license}\n---\n", ct) with { Path = "README.md" });
        }
    }

    // Staged contents of a commit or a creation that did not land (a published one is left alone).
    private static async Task DiscardAsync(IEnumerable<CommitOperation> operations)
    {
        foreach (var staged in operations.OfType<AddFileOperation>().Select(o => o.Staged).OfType<IStagedBlob>())
        {
            await staged.DisposeAsync();
        }
    }

    public static async Task DeleteRepoAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        using var doc = await ReadJsonAsync(context, ct);
        var body = doc.RootElement;
        var caller = context.RequireCaller();
        var type = TypeOf(body);
        var id = HubHttp.ParseRepo(Str(body, "organization") ?? caller.Name, Str(body, "name") ?? throw new HubProblemException(400, "'name' is required."));
        var repo = await context.WritableRepoAsync(type, id, ct, forDeletion: true);
        await context.RequestServices.GetRequiredService<RepositoryService>().DeleteAsync(repo, ct);
        context.Response.StatusCode = 200;
    }

    /// <summary><c>POST /api/repos/move</c> with <c>{"fromRepo","toRepo","type"}</c>; the old id then redirects.</summary>
    public static async Task MoveRepoAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var caller = context.RequireCaller();
        using var doc = await ReadJsonAsync(context, ct);
        var type = TypeOf(doc.RootElement);
        var from = RepoId.TryParse(Str(doc.RootElement, "fromRepo"), out var f) ? f : throw new HubProblemException(400, "'fromRepo' must be a repository id.");
        var to = RepoId.TryParse(Str(doc.RootElement, "toRepo"), out var t) && t.Namespace is not null ? t : throw new HubProblemException(400, "'toRepo' must be a namespace/name id.");
        var repo = await context.WritableRepoAsync(type, from, ct);
        if (!caller.CanWrite(to.Namespace!))
        {
            throw new HubProblemException(403, $"You don't have the rights to move a repository to '{to.Namespace}'.");
        }

        await context.RequestServices.GetRequiredService<RepositoryService>().MoveAsync(repo, to, ct);
        context.Response.StatusCode = 200;
    }

    /// <summary><c>POST|DELETE /api/{type}/{repo}/branch/{branch}</c>.</summary>
    public static async Task BranchAsync(HttpContext context, RepoType type, RepoId id, string branch)
    {
        var ct = context.RequestAborted;
        var repo = await context.WritableRepoAsync(type, id, ct);
        var repos = context.RequestServices.GetRequiredService<RepositoryService>();
        if (HttpMethods.IsDelete(context.Request.Method))
        {
            await repos.DeleteRefAsync(repo, isTag: false, branch, ct);
        }
        else
        {
            string? start = null;
            if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            {
                using var doc = await ReadJsonAsync(context, ct);
                start = Str(doc.RootElement, "startingPoint");
            }

            await repos.CreateBranchAsync(repo, branch, start, ct);
        }

        context.Response.StatusCode = 200;
    }

    /// <summary><c>POST /api/{type}/{repo}/tag/{rev}</c> with <c>{"tag"}</c>, and <c>DELETE /api/{type}/{repo}/tag/{tag}</c>.</summary>
    public static async Task TagAsync(HttpContext context, RepoType type, RepoId id, string revisionOrTag)
    {
        var ct = context.RequestAborted;
        var repo = await context.WritableRepoAsync(type, id, ct);
        var repos = context.RequestServices.GetRequiredService<RepositoryService>();
        if (HttpMethods.IsDelete(context.Request.Method))
        {
            await repos.DeleteRefAsync(repo, isTag: true, revisionOrTag, ct);
        }
        else
        {
            using var doc = await ReadJsonAsync(context, ct);
            var tag = Str(doc.RootElement, "tag") ?? throw new HubProblemException(400, "'tag' is required.");
            await repos.CreateTagAsync(repo, tag, revisionOrTag, ct);
        }

        context.Response.StatusCode = 200;
    }

    /// <summary><c>PUT /api/{type}/{repo}/settings</c>: <c>visibility</c> (or the older <c>private</c>) and <c>gated</c>.</summary>
    public static async Task SettingsAsync(HttpContext context, RepoType type, RepoId id)
    {
        var ct = context.RequestAborted;
        var repo = await context.WritableRepoAsync(type, id, ct);
        using var doc = await ReadJsonAsync(context, ct);
        var body = doc.RootElement;
        var isPrivate = PrivateOf(body);
        var gated = body.TryGetProperty("gated", out var g) ? g.ValueKind switch
        {
            JsonValueKind.False => "false",
            JsonValueKind.String => g.GetString(),
            _ => throw new HubProblemException(400, "gated must be false, \"auto\" or \"manual\"."),
        } : null;
        await context.RequestServices.GetRequiredService<RepositoryService>().UpdateSettingsAsync(repo, isPrivate, gated, ct);
        context.Response.StatusCode = 200;
    }

    /// <summary><c>POST /api/validate-yaml</c>: the card rules of HubPlatform.Cards.</summary>
    public static async Task ValidateYamlAsync(HttpContext context)
    {
        using var doc = await ReadJsonAsync(context, context.RequestAborted);
        var content = Str(doc.RootElement, "content") ?? string.Empty;
        var kind = Str(doc.RootElement, "repoType") == "dataset" ? CardKind.Dataset : CardKind.Model;
        var problems = new CardValidator().Validate(Card.Parse(content), kind);
        var errors = problems.Where(p => p.Severity == ProblemSeverity.Error).ToList();
        static List<ValidateYamlMessage> Messages(IEnumerable<CardProblem> problems) =>
            [.. problems.Select(p => new ValidateYamlMessage($"{p.Path ?? "README.md"}: {p.Message} (line {p.Line}, {p.Code})"))];

        var answer = new ValidateYamlResponse { Errors = Messages(errors), Warnings = Messages(problems.Where(p => p.Severity == ProblemSeverity.Warning)) };
        await context.WriteAsync(answer, HubJsonContext.Default.ValidateYamlResponse, status: errors.Count > 0 ? 400 : 200);
    }

    /// <summary><c>POST /api/{type}/{repo}/preupload/{rev}</c>: which files go through LFS, and what the branch holds already.</summary>
    public static async Task PreuploadAsync(HttpContext context, RepoType type, RepoId id, string revision)
    {
        var ct = context.RequestAborted;
        var repo = await context.WritableRepoAsync(type, id, ct);
        var repos = context.RequestServices.GetRequiredService<RepositoryService>();
        var commit = await context.ResolveRevisionAsync(repo, revision, ct);
        var options = context.RequestServices.GetRequiredService<IOptions<MirrorOptions>>().Value;
        using var doc = await ReadJsonAsync(context, ct);
        var attributesText = Str(doc.RootElement, "gitAttributes");
        if (attributesText is null && await repos.FileAsync(repo, commit, ".gitattributes", ct) is { } attributesFile)
        {
            attributesText = await context.RequestServices.GetRequiredService<CommitService>().ReadSmallTextAsync(attributesFile.Sha256, ct);
        }

        var attributes = new GitAttributes(attributesText);
        var gitIgnore = new HubPlatform.Client.Files.GitIgnore(Str(doc.RootElement, "gitIgnore"));
        if (!doc.RootElement.TryGetProperty("files", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new HubProblemException(400, "The body needs 'files', a list of {path, size, sample}.");
        }

        var verdicts = new List<PreuploadVerdict>();
        foreach (var f in list.EnumerateArray())
        {
            var path = Str(f, "path") ?? throw new HubProblemException(400, "Each file needs a path.");
            if (RepoFilePath.Problem(path) is { } problem)
            {
                throw new HubProblemException(422, $"Invalid path '{path}': {problem}");
            }

            var size = Int64(f, "size") ?? 0;
            var lfs = size > 0 && (size >= options.LfsThresholdBytes || attributes.IsLfs(path) || LooksBinary(Str(f, "sample")));
            verdicts.Add(new PreuploadVerdict
            {
                Path = path,
                UploadMode = lfs ? "lfs" : "regular",
                ShouldIgnore = gitIgnore.IsIgnored(path),
                Oid = await repos.FileAsync(repo, commit, path, ct) is { } existing ? (existing.Lfs ? existing.Sha256 : existing.BlobId) : null,
            });
        }

        await context.WriteAsync(new PreuploadResponse { Files = verdicts, CommitOid = commit }, HubJsonContext.Default.PreuploadResponse);
    }

    /// <summary><c>POST /api/{type}/{repo}/commit/{rev}</c>: NDJSON, header first, then files, LFS files and deletions.</summary>
    public static async Task CommitAsync(HttpContext context, RepoType type, RepoId id, string revision)
    {
        var ct = context.RequestAborted;
        var caller = context.RequireCaller();
        var repo = await context.WritableRepoAsync(type, id, ct);
        if (HubHttp.IsTrue(context.Request.Query["create_pr"].FirstOrDefault()))
        {
            throw new HubProblemException(400, "Pull requests are not supported by this mirror yet; commit to a branch.");
        }

        var options = context.RequestServices.GetRequiredService<IOptions<MirrorOptions>>().Value;
        var commits = context.RequestServices.GetRequiredService<CommitService>();
        string? title = null;
        string? description = null;
        string? parent = null;
        var operations = new List<CommitOperation>();
        var paths = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await ReadCommitAsync();
            var branch = revision.Length == 0 ? RepositoryService.DefaultBranch : revision;
            if (Revision.IsFullCommitId(branch))
            {
                throw new HubProblemException(400, "Commits go to a branch, not to a commit id.");
            }

            var commitId = await commits.CommitAsync(repo, new CommitRequest
            {
                Branch = branch,
                Title = title!,
                Description = description,
                ParentCommit = parent,
                AuthorName = caller.Name,
                Operations = operations,
            }, ct);
            await context.WriteAsync(
                new CommitResponse { CommitOid = commitId, CommitUrl = $"{context.BaseUrl()}/{type.UrlPrefix()}{repo.Namespace}/{repo.Name}/commit/{commitId}" },
                HubJsonContext.Default.CommitResponse);
        }
        finally
        {
            // A rejected or abandoned commit keeps none of the files it sent.
            await DiscardAsync(operations);
        }

        async Task ReadCommitAsync()
        {
            var reader = context.Request.BodyReader;
            var lineNumber = 0;
            while (await ReadLineAsync(reader, options.MaxCommitLineBytes, ct) is { } line)
            {
                lineNumber++;
                if (line.Length == 0 || line.All(b => b is (byte)' ' or (byte)'\r' or (byte)'\t'))
                {
                    continue;
                }

                using var doc = ParseLine(line, lineNumber);
                var key = Str(doc.RootElement, "key");
                var value = doc.RootElement.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Object ? v : throw new HubProblemException(400, $"Line {lineNumber}: 'value' must be an object.");
                if (title is null && key != "header")
                {
                    throw new HubProblemException(400, "The first line of a commit must be its header.");
                }

                if (key != "header" && operations.Count >= options.MaxCommitOperations)
                {
                    throw new HubProblemException(400, $"A commit may hold at most {options.MaxCommitOperations} operations on this server; split it into several commits.");
                }

                switch (key)
                {
                    case "header":
                        if (title is not null)
                        {
                            throw new HubProblemException(400, $"Line {lineNumber}: a second header.");
                        }

                        title = Str(value, "summary") is { Length: > 0 } summary ? summary : throw new HubProblemException(400, "The header needs a summary.");
                        description = Str(value, "description");
                        parent = Str(value, "parentCommit");
                        break;
                    case "file":
                        operations.Add(await StoreInlineFileAsync(commits, value, CheckPath(value, paths, $"Line {lineNumber}"), $"Line {lineNumber}", ct));
                        break;

                    case "lfsFile":
                        {
                            var path = CheckPath(value, paths, $"Line {lineNumber}");
                            var oid = Str(value, "oid") ?? throw new HubProblemException(400, $"Line {lineNumber}: 'oid' is required.");
                            if (!Sha256Hash.IsSha256(oid))
                            {
                                throw new HubProblemException(400, $"Line {lineNumber}: '{oid}' is not a sha256.");
                            }

                            // Without a size, the commit copies the object the repository owns (checked with the others).
                            var size = Int64(value, "size") ?? -1;
                            operations.Add(new AddFileOperation(path, oid.ToLowerInvariant(), size, true, null));
                            break;
                        }

                    case "deletedFile":
                        operations.Add(new DeleteFileOperation(CheckPath(value, paths, $"Line {lineNumber}")));
                        break;
                    case "deletedFolder":
                        operations.Add(new DeleteFolderOperation(CheckPath(value, paths, $"Line {lineNumber}", folder: true)));
                        break;
                    default:
                        throw new HubProblemException(400, $"Line {lineNumber}: unknown key '{key}' (header, file, lfsFile, deletedFile or deletedFolder).");
                }
            }

            if (title is null)
            {
                throw new HubProblemException(400, "The commit is empty: it needs a header line.");
            }
        }
    }

    // A JSON body is parsed whole, so it gets a limit of its own rather than the 2 GiB allowed for uploads, and callers
    // without a token a far smaller one.
    internal static async Task<JsonDocument> ReadJsonAsync(HttpContext context, CancellationToken ct)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<MirrorOptions>>().Value;
        var limit = context.Caller() is null ? Math.Min(options.MaxAnonymousBodyBytes, options.MaxJsonBodyBytes) : options.MaxJsonBodyBytes;
        var tooLarge = $"The JSON body is larger than {limit} bytes.";
        if (context.Request.ContentLength > limit)
        {
            throw new HubProblemException(413, tooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        try
        {
            return ObjectOnly(await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: ct), "The body");
        }
        catch (JsonException e)
        {
            throw new HubProblemException(400, "The body is not valid JSON: " + e.Message);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new HubProblemException(413, tooLarge);
        }
    }

    internal static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    // A whole number, or null when absent or of another kind ("size": "x" must be a 400, and JsonElement throws for it).
    internal static long? Int64(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt64(out var n) ? n : null;

    // The "type" of a repository body (model when absent).
    private static RepoType TypeOf(JsonElement body) =>
        RepoTypeExtensions.TryParse(Str(body, "type") ?? "model", out var type) ? type : throw new HubProblemException(400, $"'{Str(body, "type")}' is not a repository type: use model, dataset or space.");

    // "visibility" (public, private or protected; protected repositories are listed but gated, so stored as private here), or
    // the older "private" flag; null when neither is given.
    private static bool? PrivateOf(JsonElement body) => Str(body, "visibility") switch
    {
        "public" => false,
        "private" or "protected" => true,
        { } other => throw new HubProblemException(400, $"'{other}' is not a visibility: use public, private or protected."),
        null => body.TryGetProperty("private", out var p) && p.ValueKind is JsonValueKind.True or JsonValueKind.False ? p.GetBoolean() : null,
    };

    private static string CheckPath(JsonElement value, HashSet<string> seen, string where, bool folder = false)
    {
        var raw = Str(value, "path") ?? throw new HubProblemException(400, $"{where}: 'path' is required.");
        var path = folder ? raw.TrimEnd('/') : raw;
        if (RepoFilePath.Problem(path) is { } problem)
        {
            throw new HubProblemException(422, $"{where}: invalid path '{raw}': {problem}");
        }

        if (!seen.Add(path))
        {
            throw new HubProblemException(400, $"{where}: '{path}' appears twice in one commit.");
        }

        return path;
    }

    // A file sent inline ({path, content, encoding: base64|utf-8}) in a commit line or a repository creation, stored as a
    // regular (non-LFS) file.
    private static async Task<AddFileOperation> StoreInlineFileAsync(CommitService commits, JsonElement value, string path, string where, CancellationToken ct)
    {
        var encoding = Str(value, "encoding") ?? "base64";
        var content = Str(value, "content") ?? throw new HubProblemException(400, $"{where}: 'content' of '{path}' is required.");
        byte[] bytes;
        try
        {
            bytes = encoding switch
            {
                "base64" => Convert.FromBase64String(content),
                "utf-8" => Encoding.UTF8.GetBytes(content),
                _ => throw new HubProblemException(400, $"{where}: encoding '{encoding}' is not base64 or utf-8."),
            };
        }
        catch (FormatException)
        {
            throw new HubProblemException(400, $"{where}: the content of '{path}' is not valid base64.");
        }

        return await commits.StageBytesAsync(bytes, ct) with { Path = path };
    }

    private static JsonDocument ParseLine(byte[] line, int number)
    {
        try
        {
            return ObjectOnly(JsonDocument.Parse(line), $"Line {number}");
        }
        catch (JsonException e)
        {
            throw new HubProblemException(400, $"Line {number} is not JSON: {e.Message}");
        }
    }

    // Every body and commit line the Hub defines is an object; anything else is refused here, so that reading a property
    // of it never throws.
    private static JsonDocument ObjectOnly(JsonDocument document, string what)
    {
        if (document.RootElement.ValueKind == JsonValueKind.Object && WellFormedText(document.RootElement))
        {
            return document;
        }

        var message = document.RootElement.ValueKind == JsonValueKind.Object
            ? $"{what} holds a string with a lone UTF-16 surrogate (an unpaired \\uD800-\\uDFFF escape), which is not text."
            : $"{what} must be a JSON object.";
        document.Dispose();
        throw new HubProblemException(400, message);
    }

    // JSON's reader checks the UTF-8 it is given, but a \u escape can still name half of a surrogate pair, which no string
    // can hold; such a value or name would fail wherever it is read. Only text with an escape in it is decoded to find out.
    private static bool WellFormedText(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!Decodes(JsonMarshal.GetRawUtf8PropertyName(property), property, static p => p.Name) || !WellFormedText(property.Value))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!WellFormedText(item))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.String:
                return Decodes(JsonMarshal.GetRawUtf8Value(element), element, static e => e.GetString());
            default:
                return true;
        }
    }

    private static bool Decodes<T>(ReadOnlySpan<byte> raw, T text, Func<T, string?> read)
    {
        if (raw.IndexOf("\\u"u8) < 0)
        {
            return true;
        }

        try
        {
            _ = read(text);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool LooksBinary(string? sample)
    {
        if (string.IsNullOrEmpty(sample))
        {
            return false;
        }

        try
        {
            return Convert.FromBase64String(sample).Contains((byte)0);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    // One NDJSON line, or null at the end; a line longer than the limit is refused with 413 before it is buffered whole.
    private static async Task<byte[]?> ReadLineAsync(PipeReader reader, int maxBytes, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            var buffer = result.Buffer;
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is { } at)
            {
                var line = buffer.Slice(0, at).ToArray();
                reader.AdvanceTo(buffer.GetPosition(1, at));
                return line;
            }

            if (buffer.Length > maxBytes)
            {
                throw new HubProblemException(413, $"A commit line is longer than {maxBytes} bytes; send large files through LFS.");
            }

            if (result.IsCompleted)
            {
                var last = buffer.Length == 0 ? null : buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return last;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
