using HubPlatform.Hub;
using HubPlatform.Storage;

namespace HubPlatform.Mirror;

/// <summary>Dispatches every Hub route from the raw path segments (see <see cref="HubRoute"/>).</summary>
internal static class HubRouter
{
    public static Task HandleAsync(HttpContext context)
    {
        var s = HubRoute.Segments(context);
        var method = context.Request.Method;
        var get = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        var post = HttpMethods.IsPost(method);

        if (get && DatasetViewerEndpoints.Route(context, s) is { } viewer)
        {
            return DatasetViewerEndpoints.HandleAsync(context, viewer);
        }

        if (s is ["api", "whoami-v2"] && get)
        {
            return ReadEndpoints.WhoAmIAsync(context);
        }

        if (s is ["api", "validate-yaml"] && post)
        {
            return WriteEndpoints.ValidateYamlAsync(context);
        }

        if (s is ["api", "repos", "create"] && post)
        {
            return WriteEndpoints.CreateRepoAsync(context);
        }

        if (s is ["api", "repos", "move"] && post)
        {
            return WriteEndpoints.MoveRepoAsync(context);
        }

        if (s is ["api", "repos", "delete"] && HttpMethods.IsDelete(method))
        {
            return WriteEndpoints.DeleteRepoAsync(context);
        }

        if (s is ["api", "models" or "datasets" or "spaces"] && get)
        {
            return ReadEndpoints.ListAsync(context, HubHttp.ParseType(s[1]));
        }

        if (s is ["lfs", "upload"] && HttpMethods.IsPut(method))
        {
            return LfsEndpoints.UploadAsync(context);
        }

        if (s is ["lfs", "part"] && HttpMethods.IsPut(method))
        {
            return LfsEndpoints.PartAsync(context);
        }

        if (s is ["lfs", "complete"] && post)
        {
            return LfsEndpoints.CompleteAsync(context);
        }

        if (s is ["lfs", "download"] && get)
        {
            return LfsEndpoints.DownloadAsync(context);
        }

        if (s.Length >= 4 && s[0] == "api" && s[1] is "models" or "datasets" or "spaces")
        {
            var type = HubHttp.ParseType(s[1]);
            var id = HubHttp.ParseRepo(s[2], s[3]);
            var rest = s.AsSpan(4);
            var (revision, path) = HubRoute.RevisionAndPath(rest.Length > 0 ? rest[1..] : rest);
            var delete = HttpMethods.IsDelete(method);
            var put = HttpMethods.IsPut(method);
            return (rest.Length == 0 ? null : rest[0], get, post) switch
            {
                ("branch", _, _) when (post || delete) && rest.Length > 1 => WriteEndpoints.BranchAsync(context, type, id, string.Join('/', rest[1..].ToArray())),
                ("tag", _, _) when (post || delete) && rest.Length > 1 => WriteEndpoints.TagAsync(context, type, id, string.Join('/', rest[1..].ToArray())),
                ("settings", _, _) when put && rest.Length == 1 => WriteEndpoints.SettingsAsync(context, type, id),
                (null, true, _) => ReadEndpoints.InfoAsync(context, type, id, RepositoryService.DefaultBranch),
                ("revision", true, _) => ReadEndpoints.InfoAsync(context, type, id, string.Join('/', rest[1..].ToArray())),
                ("tree", true, _) => ReadEndpoints.TreeAsync(context, type, id, revision, path),
                ("paths-info", _, true) => ReadEndpoints.PathsInfoAsync(context, type, id, string.Join('/', rest[1..].ToArray())),
                ("refs", true, _) => ReadEndpoints.RefsAsync(context, type, id),
                ("parquet", true, _) when type == RepoType.Dataset && rest.Length <= 4 => ParquetListingEndpoints.HandleAsync(context, id, rest[1..].ToArray()),
                ("validation", true, _) when type == RepoType.Model => ValidationEndpoints.HandleAsync(context, id, string.Join('/', rest[1..].ToArray())),
                ("commits", true, _) => ReadEndpoints.CommitsAsync(context, type, id, string.Join('/', rest[1..].ToArray())),
                ("preupload", _, true) => WriteEndpoints.PreuploadAsync(context, type, id, string.Join('/', rest[1..].ToArray())),
                ("commit", _, true) => WriteEndpoints.CommitAsync(context, type, id, string.Join('/', rest[1..].ToArray())),
                ("user-access-request", true, _) when rest.Length == 2 && rest[1] is AccessRequests.Pending or AccessRequests.Accepted or AccessRequests.Rejected
                    => AccessEndpoints.ListAsync(context, type, id, rest[1]),
                ("user-access-request", _, true) when rest.Length == 2 && rest[1] == "handle" => AccessEndpoints.HandleAsync(context, type, id),
                ("user-access-request", _, true) when rest.Length == 2 && rest[1] == "grant" => AccessEndpoints.GrantAsync(context, type, id),
                _ => NotFound(),
            };
        }

        // Non-API paths: {prefix}{ns}/{name}/resolve/... and {prefix}{ns}/{name}.git/info/lfs/objects/...
        var offset = s.Length > 0 && s[0] is "datasets" or "spaces" ? 1 : 0;
        var repoType = offset == 1 ? HubHttp.ParseType(s[0]) : RepoType.Model;
        if (s.Length == offset + 6 && s[offset + 1].EndsWith(".git", StringComparison.Ordinal)
            && s[offset + 2] == "info" && s[offset + 3] == "lfs" && s[offset + 4] == "objects" && post)
        {
            var id = HubHttp.ParseRepo(s[offset], s[offset + 1][..^4]);
            return s[offset + 5] switch
            {
                "batch" => LfsEndpoints.BatchAsync(context, repoType, id),
                "verify" => LfsEndpoints.VerifyAsync(context, repoType, id),
                _ => NotFound(),
            };
        }

        if (s.Length == offset + 3 && s[offset + 2] == "ask-access" && post)
        {
            return AccessEndpoints.AskAsync(context, repoType, HubHttp.ParseRepo(s[offset], s[offset + 1]));
        }

        if (s.Length >= offset + 5 && s[offset + 2] is "resolve" or "raw" && get)
        {
            var id = HubHttp.ParseRepo(s[offset], s[offset + 1]);
            var (revision, path) = HubRoute.RevisionAndPath(s.AsSpan(offset + 3));
            if (RepoFilePath.Problem(path) is not null)
            {
                throw new HubProblemException(404, $"{path} does not exist on \"{revision}\"", "EntryNotFound");
            }

            return ResolveEndpoint.HandleAsync(context, repoType, id, revision, path, raw: s[offset + 2] == "raw");
        }

        if ((get || post) && Pages.PageEndpoints.Route(context, s) is { } page)
        {
            return page();
        }

        return NotFound();
    }

    private static Task NotFound() => throw new HubProblemException(404, "Not found: this route does not exist on this server.");
}
