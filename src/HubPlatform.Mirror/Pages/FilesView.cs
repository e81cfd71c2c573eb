using System.Text;
using HubPlatform.Hub;
using HubPlatform.Storage;
using HubPlatform.Storage.Trees;

namespace HubPlatform.Mirror.Pages;

/// <summary>
/// A folder of a repository at a revision (its entries, a page at a time) or one file of it (its text with line numbers when
/// it is small text), with the branches and tags to switch to.
/// </summary>
public sealed record FilesView(
    RepoType Type,
    string Id,
    string Revision,
    string Commit,
    string Path,
    IReadOnlyList<TreeItem> Entries,
    string? NextAfter,
    IReadOnlyList<string> Branches,
    IReadOnlyList<string> Tags,
    TreeItem? File,
    IReadOnlyList<string>? Lines,
    string? WhyNoText)
{
    /// <summary>Entries a folder page shows.</summary>
    public const int PageSize = 500;

    // Text shown inline up to this size; larger files are a download.
    private const long MaxTextBytes = 512 * 1024;

    /// <summary>The repository's page path.</summary>
    public string RepoPath => (Type == RepoType.Dataset ? "/datasets/" : "/") + Id;

    /// <summary>Loads a folder (<paramref name="file"/> false) or a file under the caller's access.</summary>
    public static async Task<FilesView> LoadAsync(HttpContext context, RepoType type, RepoId id, string revision, string path, bool file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var repo = await context.ReadableRepoAsync(type, id, cancellationToken);
        var commit = await context.ResolveRevisionAsync(repo, revision, cancellationToken);
        var repos = context.RequestServices.GetRequiredService<RepositoryService>();
        var trees = context.RequestServices.GetRequiredService<TreeStore>();
        var refs = await repos.RefsAsync(repo, cancellationToken);
        var branches = refs.Where(r => r.Name.StartsWith("refs/heads/", StringComparison.Ordinal)).Select(r => r.Name["refs/heads/".Length..]).ToList();
        var tags = refs.Where(r => r.Name.StartsWith("refs/tags/", StringComparison.Ordinal)).Select(r => r.Name["refs/tags/".Length..]).ToList();
        var repoId = $"{repo.Namespace}/{repo.Name}";
        var root = await repos.RootAsync(repo, commit, cancellationToken);
        var item = path.Length == 0 ? null : await trees.FindPathAsync(root, path, cancellationToken);
        if (path.Length > 0 && (item is null || item.IsDirectory == file))
        {
            throw new HubProblemException(404, $"{path} does not exist on \"{revision}\"", "EntryNotFound");
        }

        if (file)
        {
            // A gated repository's files are listed to everyone, as on the Hub, but their bytes only to those let in.
            try
            {
                await context.RequireGatePassAsync(repo, cancellationToken);
            }
            catch (HubProblemException e) when (e.ErrorCode == "GatedRepo")
            {
                return new FilesView(type, repoId, revision, commit, path, [], null, branches, tags, item, null, "This repository is gated: its files are shown to those granted access.");
            }

            var (lines, why) = await TextAsync(context, item!, cancellationToken);
            return new FilesView(type, repoId, revision, commit, path, [], null, branches, tags, item, lines, why);
        }

        var after = context.Request.Query["after"].FirstOrDefault();
        var afterIsDirectory = context.Request.Query["afterDir"].FirstOrDefault() == "1";
        var entries = new List<TreeItem>();
        await foreach (var entry in trees.EntriesAsync(item?.ChildId ?? root, after, afterIsDirectory, cancellationToken))
        {
            entries.Add(entry);
            if (entries.Count > PageSize)
            {
                break;
            }
        }

        var next = entries.Count > PageSize ? entries[PageSize - 1] : null;
        return new FilesView(type, repoId, revision, commit, path, entries.Take(PageSize).ToList(), next is null ? null : $"after={Uri.EscapeDataString(next.Name)}{(next.IsDirectory ? "&afterDir=1" : string.Empty)}",
            branches, tags, null, null, null);
    }

    // The file's lines when it is small UTF-8 text; otherwise why it is not shown.
    private static async Task<(IReadOnlyList<string>? Lines, string? Why)> TextAsync(HttpContext context, TreeItem item, CancellationToken cancellationToken)
    {
        var blobs = context.RequestServices.GetRequiredService<IBlobStore>();
        if (item.Size > MaxTextBytes)
        {
            return (null, "This file is too large to show here.");
        }

        if (item.Sha256 is not { } sha || !blobs.Exists(sha))
        {
            return (null, "This file's bytes are not in the mirror yet.");
        }

        await using var stream = blobs.OpenRead(sha);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        if (bytes.AsSpan().Contains((byte)0))
        {
            return (null, "This is a binary file.");
        }

        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return (text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, "This file is not UTF-8 text.");
        }
    }
}
