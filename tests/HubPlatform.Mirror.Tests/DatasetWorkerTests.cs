using System.Net;
using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;

namespace HubPlatform.Mirror.Tests;

/// <summary>
/// The viewer as a user meets it on a default <c>hub serve</c>: the worker inside the server indexes an upload by itself, and
/// the viewer turns from not ready to ready without anything else being run.
/// </summary>
public sealed class DatasetWorkerTests
{
    [Fact]
    public async Task The_servers_own_worker_indexes_an_uploaded_dataset_and_its_statistics()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new MirrorServer { Arguments = ["--Storage:JobPollInterval=00:00:00.2"] };
        await server.InitializeAsync();
        var id = new DataField<long>("id");
        using var file = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id), file, cancellationToken: ct))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<long>(id, Enumerable.Range(0, 50).Select(i => (long)i).ToArray(), cancellationToken: ct);
        }

        (await server.CreateRepoAsync("served", type: "dataset")).EnsureSuccessStatusCode();
        var bytes = file.ToArray();
        var sha = await server.UploadLfsAsync("datasets/acme/served", bytes, ct);
        (await server.CommitAsync("acme/served", MirrorServer.Header("data") + "\n" + MirrorServer.LfsLine("data/train-00000-of-00001.parquet", sha, bytes.Length), prefix: "datasets")).EnsureSuccessStatusCode();
        using var http = server.Http(server.ReadToken);

        var statistics = await EventuallyAsync(http, "/datasets-server/statistics?dataset=acme/served&config=default&split=train", ct);

        Assert.Equal(50, statistics["num_examples"]!.GetValue<long>());
        Assert.Equal(24.5, statistics["statistics"]![0]!["column_statistics"]!["median"]!.GetValue<double>());
    }

    // Polls until the viewer stops answering ResponseNotReady (at most 30 s).
    private static async Task<JsonNode> EventuallyAsync(HttpClient http, string url, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await http.GetAsync(url, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return JsonNode.Parse(body)!;
            }

            Assert.True(response.Headers.TryGetValues("X-Error-Code", out var code) && code.Single() == "ResponseNotReady" && attempt < 150, $"{(int)response.StatusCode} {body}");
            await Task.Delay(200, ct);
        }
    }
}
