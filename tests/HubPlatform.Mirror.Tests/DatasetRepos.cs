using HubPlatform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Mirror.Tests;

/// <summary>Dataset repositories the tests upload to a mirror, and its worker driven until no job is left.</summary>
internal static class DatasetRepos
{
    /// <summary>Creates <c>acme/ds-…</c> with the files in one commit (Parquet files through LFS, the rest inline); returns its id.</summary>
    public static async Task<string> CreateAsync(MirrorServer server, CancellationToken ct, bool isPrivate, params (string Path, byte[] Content)[] files)
    {
        var name = "ds-" + Guid.NewGuid().ToString("N")[..8];
        var repo = "acme/" + name;
        (await server.CreateRepoAsync(name, type: "dataset", isPrivate: isPrivate)).EnsureSuccessStatusCode();
        await CommitAsync(server, repo, ct, files);
        return repo;
    }

    /// <summary>Commits files to a dataset's main branch.</summary>
    public static async Task CommitAsync(MirrorServer server, string repo, CancellationToken ct, params (string Path, byte[] Content)[] files)
    {
        var lines = new List<string> { MirrorServer.Header("data") };
        foreach (var (path, content) in files)
        {
            lines.Add(path.EndsWith(".parquet", StringComparison.Ordinal)
                ? MirrorServer.LfsLine(path, await server.UploadLfsAsync($"datasets/{repo}", content, ct), content.Length)
                : MirrorServer.FileLine(path, content));
        }

        (await server.CommitAsync(repo, string.Join('\n', lines), prefix: "datasets")).EnsureSuccessStatusCode();
    }

    /// <summary>Runs jobs until none is due.</summary>
    public static async Task RunJobsAsync(MirrorServer server, CancellationToken ct)
    {
        var worker = server.Services.GetRequiredService<JobWorker>();
        while (await worker.RunOnceAsync(ct))
        {
        }
    }
}
