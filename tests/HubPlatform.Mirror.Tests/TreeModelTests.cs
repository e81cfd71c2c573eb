using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using HubPlatform.Hub;

namespace HubPlatform.Mirror.Tests;

/// <summary>
/// A repository of 5,000 files in 100 commits (additions, changes, deletions of files and folders, a flat folder large
/// enough to be stored in chunks under two index levels), checked at every revision against a plain model kept by the
/// test: the recursive tree with every file's and folder's git id, paged folder listings, the commit id recomputed from
/// the model's root tree, paths-info with last commits, and downloads.
/// </summary>
public sealed class TreeModelTests : IAsyncLifetime
{
    private const int Revisions = 100;

    // Pages that cut through chunks and folders at odd places.
    private readonly MirrorServer _server = new() { Configure = o => o.TreePageSize = 700 };
    private readonly string _repo = "acme/model-" + Guid.NewGuid().ToString("N")[..8];

    public ValueTask InitializeAsync() => _server.InitializeAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Every_revision_of_a_5000_file_repository_serves_what_the_model_says()
    {
        var ct = TestContext.Current.CancellationToken;
        (await _server.CreateRepoAsync(_repo[5..])).EnsureSuccessStatusCode();
        using var http = _server.Http(_server.WriteToken);
        var random = new Random(20261130);

        // The model: path -> (content, revision that last changed it), one snapshot per revision.
        var files = new Dictionary<string, (byte[] Content, int Revision)>(StringComparer.Ordinal)
        {
            [".gitattributes"] = (await http.GetByteArrayAsync($"/{_repo}/resolve/main/.gitattributes", ct), 0),
        };
        var snapshots = new List<Dictionary<string, (byte[] Content, int Revision)>> { new(files) };
        var commits = new List<string> { await HeadAsync(http, ct) };
        var changed = new List<List<string>> { new() { ".gitattributes" } };
        var next = 0;
        string NewPath(int revision)
        {
            var n = next++;
            return random.Next(4) switch
            {
                0 => $"big/f{n:D5}.txt",
                1 => $"nest/a{random.Next(10)}/b{random.Next(10)}/n{n}.bin",
                2 => $"new/r{revision}/c{n}.txt",
                _ => $"top{n}.txt",
            };
        }

        for (var revision = 1; revision <= Revisions; revision++)
        {
            var lines = new List<string> { MirrorServer.Header($"revision {revision}") };
            var touched = new List<string>();
            var paths = new HashSet<string>(StringComparer.Ordinal);
            void Put(string path)
            {
                var content = Encoding.UTF8.GetBytes($"{path} at {revision}");
                files[path] = (content, revision);
                lines.Add(MirrorServer.FileLine(path, content));
                touched.Add(path);
                paths.Add(path);
            }

            if (revision == 1)
            {
                // 3,000 files in one flat folder (about 94 chunks under two index levels), 1,500 in 100 nested folders, 499 at the root.
                for (var i = 0; i < 3000; i++)
                {
                    Put($"big/f{i:D5}.txt");
                }

                for (var i = 0; i < 1500; i++)
                {
                    Put($"nest/a{i % 10}/b{i / 10 % 10}/n{i}.bin");
                }

                for (var i = 0; i < 499; i++)
                {
                    Put($"top{i}.txt");
                }

                next = 10_000;
            }
            else
            {
                var existing = files.Keys.Where(p => p != ".gitattributes").ToList();
                for (var i = random.Next(1, 6); i > 0; i--)
                {
                    var path = existing[random.Next(existing.Count)];
                    if (paths.Add(path))
                    {
                        paths.Remove(path);
                        Put(path);
                    }
                }

                for (var i = random.Next(0, 4); i > 0; i--)
                {
                    Put(NewPath(revision));
                }

                for (var i = random.Next(0, 3); i > 0; i--)
                {
                    var path = existing[random.Next(existing.Count)];
                    if (paths.Add(path))
                    {
                        files.Remove(path);
                        lines.Add($$$"""{"key":"deletedFile","value":{"path":"{{{path}}}"}}""");
                    }
                }

                if (revision % 10 == 0)
                {
                    var folders = files.Keys.Where(p => p.StartsWith("nest/", StringComparison.Ordinal) || p.StartsWith("new/", StringComparison.Ordinal))
                        .Where(p => !paths.Contains(p))
                        .Select(p => p[..p.LastIndexOf('/')]).Distinct().Order(StringComparer.Ordinal).ToList();
                    var folder = folders[random.Next(folders.Count)];
                    if (!files.Keys.Any(p => p.StartsWith(folder + "/", StringComparison.Ordinal) && paths.Contains(p)))
                    {
                        foreach (var gone in files.Keys.Where(p => p.StartsWith(folder + "/", StringComparison.Ordinal)).ToList())
                        {
                            files.Remove(gone);
                        }

                        lines.Add($$$"""{"key":"deletedFolder","value":{"path":"{{{folder}}}"}}""");
                    }
                }
            }

            var response = await _server.CommitAsync(_repo, string.Join('\n', lines));
            Assert.True(response.IsSuccessStatusCode, $"revision {revision}: {await response.Content.ReadAsStringAsync(ct)}");
            using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            commits.Add(answer.RootElement.GetProperty("commitOid").GetString()!);
            snapshots.Add(new(files));
            changed.Add(touched);
        }

        var dates = await CommitDatesAsync(http, ct);
        for (var revision = 0; revision <= Revisions; revision++)
        {
            await CheckRevisionAsync(http, revision, commits, snapshots[revision], changed[revision], dates, random, ct);
        }
    }

    private async Task CheckRevisionAsync(
        HttpClient http, int revision, List<string> commits, Dictionary<string, (byte[] Content, int Revision)> model, List<string> changed,
        Dictionary<string, DateTimeOffset> dates, Random random, CancellationToken ct)
    {
        var commit = commits[revision];
        var treeIds = GitObjects.TreeIds(model.Select(f => KeyValuePair.Create(f.Key, GitBlobId.Compute(f.Value.Content))));

        // The commit id follows from the model's root tree: the server's tree ids are git's.
        var parents = revision == 0 ? Array.Empty<string>() : [commits[revision - 1]];
        var title = revision == 0 ? "initial commit" : $"revision {revision}";
        Assert.Equal(commit, GitObjects.CommitId(treeIds[string.Empty], parents, "alice <alice@users.noreply.hubplatform>", dates[commit], GitObjects.Message(title, null)));

        // The recursive listing: every file and folder with its id, each folder right before what it holds.
        var listed = await ListAsync(http, $"/api/models/{_repo}/tree/{commit}?recursive=true", ct);
        var listedFiles = listed.Where(e => e.Type == "file").ToDictionary(e => e.Path, StringComparer.Ordinal);
        var listedFolders = listed.Where(e => e.Type == "directory").ToDictionary(e => e.Path, e => e.Oid, StringComparer.Ordinal);
        Assert.Equal(model.Keys.Order(StringComparer.Ordinal), listedFiles.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, (content, _)) in model)
        {
            Assert.Equal((GitBlobId.Compute(content), (long)content.Length), (listedFiles[path].Oid, listedFiles[path].Size));
        }

        Assert.Equal(treeIds.Where(t => t.Key.Length > 0).OrderBy(t => t.Key, StringComparer.Ordinal), listedFolders.OrderBy(t => t.Key, StringComparer.Ordinal));
        for (var i = 0; i < listed.Count; i++)
        {
            var slash = listed[i].Path.LastIndexOf('/');
            if (slash > 0)
            {
                var parent = listed[i].Path[..slash];
                Assert.True(listed.FindIndex(e => e.Path == parent) < i, $"{listed[i].Path} is listed before its folder");
            }
        }

        // One folder's children, paged: the flat folder's thousands of entries in order.
        if (treeIds.ContainsKey("big"))
        {
            var big = await ListAsync(http, $"/api/models/{_repo}/tree/{commit}/big", ct);
            Assert.Equal(model.Keys.Where(p => p.StartsWith("big/", StringComparison.Ordinal)).Order(StringComparer.Ordinal), big.Select(e => e.Path));
        }

        // paths-info: files (with their last commit), folders, and paths that do not exist.
        var sample = model.Keys.OrderBy(_ => random.Next()).Take(25).Concat(treeIds.Keys.Where(k => k.Length > 0).Take(3)).Append("missing/x.txt").Append("big/nope").ToList();
        var form = new FormUrlEncodedContent(sample.Select(p => KeyValuePair.Create("paths", p)).Append(KeyValuePair.Create("expand", "true")));
        using var info = JsonDocument.Parse(await (await http.PostAsync($"/api/models/{_repo}/paths-info/{commit}", form, ct)).Content.ReadAsStringAsync(ct));
        var found = info.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("path").GetString()!, StringComparer.Ordinal);
        Assert.Equal(sample.Where(p => model.ContainsKey(p) || treeIds.ContainsKey(p)).Order(StringComparer.Ordinal), found.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, entry) in found)
        {
            if (model.TryGetValue(path, out var file))
            {
                Assert.Equal(GitBlobId.Compute(file.Content), entry.GetProperty("oid").GetString());
                Assert.Equal(commits[file.Revision], entry.GetProperty("lastCommit").GetProperty("id").GetString());
            }
            else
            {
                Assert.Equal(treeIds[path], entry.GetProperty("oid").GetString());
            }
        }

        // Downloads at this commit: what it changed, and a few others.
        foreach (var path in changed.Where(model.ContainsKey).Concat(model.Keys.OrderBy(_ => random.Next()).Take(5)))
        {
            Assert.Equal(model[path].Content, await http.GetByteArrayAsync($"/{_repo}/resolve/{commit}/{path}", ct));
        }

        var missing = await http.GetAsync($"/{_repo}/resolve/{commit}/big/nope.txt", ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private sealed record Listed(string Type, string Path, string Oid, long Size);

    private static async Task<List<Listed>> ListAsync(HttpClient http, string url, CancellationToken ct) =>
        (await MirrorServer.PagesAsync(http, url, ct)).SelectMany(p => p.EnumerateArray())
            .Select(e => new Listed(e.GetProperty("type").GetString()!, e.GetProperty("path").GetString()!, e.GetProperty("oid").GetString()!, e.GetProperty("size").GetInt64()))
            .ToList();

    private async Task<string> HeadAsync(HttpClient http, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync($"/api/models/{_repo}", ct));
        return doc.RootElement.GetProperty("sha").GetString()!;
    }

    private async Task<Dictionary<string, DateTimeOffset>> CommitDatesAsync(HttpClient http, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync($"/api/models/{_repo}/commits/main?limit=1000", ct));
        return doc.RootElement.EnumerateArray().ToDictionary(
            e => e.GetProperty("id").GetString()!,
            e => DateTimeOffset.Parse(e.GetProperty("date").GetString()!, CultureInfo.InvariantCulture));
    }
}
