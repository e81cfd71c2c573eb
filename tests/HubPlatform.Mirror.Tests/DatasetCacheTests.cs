using HubPlatform.Datasets;
using HubPlatform.Storage;
using Microsoft.Extensions.DependencyInjection;
using Parquet;
using Parquet.Schema;

namespace HubPlatform.Mirror.Tests;

/// <summary>What the dataset jobs computed goes once no dataset holds its content any more, and not before.</summary>
public sealed class DatasetCacheTests
{
    [Fact]
    public async Task Search_indexes_and_statistics_of_a_deleted_datasets_content_are_pruned_and_shared_ones_kept()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new MirrorServer { Configure = o => o.RunWorker = false, Arguments = ["--Storage:FsckGracePeriod=00:00:00"] };
        await server.InitializeAsync();
        var shared = await ParquetAsync("shared", ct);
        var own = await ParquetAsync("own", ct);
        await DatasetAsync(server, "keeps", shared, ct);
        await DatasetAsync(server, "goes", shared, ct);
        await DatasetAsync(server, "alone", own, ct);
        var worker = server.Services.GetRequiredService<JobWorker>();
        while (await worker.RunOnceAsync(ct))
        {
        }

        Assert.Equal((0, 0), await PruneAsync(server, repair: false, ct));
        using var http = server.Http(server.WriteToken);
        foreach (var name in new[] { "goes", "alone" })
        {
            (await http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/repos/delete") { Content = MirrorServer.Json($$"""{"name":"{{name}}","organization":"acme","type":"dataset"}""") }, ct)).EnsureSuccessStatusCode();
        }

        Assert.Equal((1, 1), await PruneAsync(server, repair: false, ct));
        Assert.Equal((1, 1), await PruneAsync(server, repair: true, ct));
        Assert.Equal((0, 0), await PruneAsync(server, repair: false, ct));
        using var reader = server.Http(server.ReadToken);
        var search = await reader.GetAsync("/datasets-server/search?dataset=acme/keeps&config=default&split=train&query=shared", ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, search.StatusCode);
    }

    private static async Task<(int, int)> PruneAsync(MirrorServer server, bool repair, CancellationToken ct)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DatasetCachePruner>().PruneAsync(repair, ct);
    }

    private static async Task DatasetAsync(MirrorServer server, string name, byte[] content, CancellationToken ct)
    {
        (await server.CreateRepoAsync(name, type: "dataset")).EnsureSuccessStatusCode();
        var sha = await server.UploadLfsAsync($"datasets/acme/{name}", content, ct);
        (await server.CommitAsync($"acme/{name}", MirrorServer.Header("data") + "\n" + MirrorServer.LfsLine("data.parquet", sha, content.Length), prefix: "datasets")).EnsureSuccessStatusCode();
    }

    private static async Task<byte[]> ParquetAsync(string word, CancellationToken ct)
    {
        var text = new DataField<string>("text");
        using var file = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(text), file, cancellationToken: ct))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(text, new[] { word + " one", word + " two" });
        }

        return file.ToArray();
    }
}
