using System.Globalization;
using System.Text.Json;
using HubPlatform.Datasets;
using HubPlatform.Hub;
using HubPlatform.Storage;

namespace HubPlatform.Mirror;

/// <summary>
/// The Hub API's own listing of a dataset's Parquet files (<c>/api/datasets/{repo}/parquet[/{config}[/{split}[/{n}.parquet]]]</c>):
/// URLs by configuration and split, and each URL a redirect to the file at the indexed commit. Served from the viewer's index
/// of the default branch, under the Hub API's access rules and errors.
/// </summary>
internal static class ParquetListingEndpoints
{
    public static async Task HandleAsync(HttpContext context, RepoId id, string[] parts)
    {
        var ct = context.RequestAborted;
        var repo = await context.ReadableRepoAsync(RepoType.Dataset, id, ct);
        await context.RequireGatePassAsync(repo, ct);
        var commit = await context.RequestServices.GetRequiredService<RepositoryService>().ResolveAsync(repo, RepositoryService.DefaultBranch, ct)
            ?? throw new HubProblemException(404, "The dataset has no commit yet.");
        DatasetSnapshot snapshot;
        try
        {
            snapshot = await context.RequestServices.GetRequiredService<DatasetViewer>().SnapshotAsync(repo, commit, ct);
        }
        catch (ViewerException e) when (e.ErrorCode == ViewerErrorCodes.ResponseNotReady)
        {
            context.Response.Headers.RetryAfter = "5";
            throw new HubProblemException(503, "The dataset's Parquet files are being listed; retry in a few seconds.");
        }
        catch (ViewerException e)
        {
            throw new HubProblemException(500, e.CauseMessage ?? e.Message);
        }

        var dataset = $"{repo.Namespace}/{repo.Name}";
        var listing = $"{context.BaseUrl()}/api/datasets/{dataset}/parquet";
        var only = parts.Length >= 1 ? parts[0] : null;
        var configs = snapshot.Configs.Where(c => c.Error is null && (only is null || c.Name == only)).ToList();
        if (parts.Length >= 1 && configs.Count == 0)
        {
            throw new HubProblemException(404, $"No configuration '{parts[0]}' with Parquet files.");
        }

        if (parts.Length == 3)
        {
            var split = configs[0].Split(parts[1]) is { Error: null } found ? found : throw new HubProblemException(404, $"No split '{parts[1]}' with Parquet files.");
            var file = parts[2].EndsWith(".parquet", StringComparison.Ordinal)
                && int.TryParse(parts[2].AsSpan(0, parts[2].Length - ".parquet".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < split.Files.Count
                ? split.Files[n]
                : throw new HubProblemException(404, $"No Parquet file '{parts[2]}' in split '{parts[1]}'.");
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = $"{context.BaseUrl()}/datasets/{dataset}/resolve/{file.Revision ?? commit}/{RepoFilePath.EscapeSegments(file.Path)}";
            return;
        }

        string Url(string config, string split, int n) => $"{listing}/{Uri.EscapeDataString(config)}/{Uri.EscapeDataString(split)}/{n.ToString(CultureInfo.InvariantCulture)}.parquet";
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        if (parts.Length == 2)
        {
            var split = configs[0].Split(parts[1]) is { Error: null } found ? found : throw new HubProblemException(404, $"No split '{parts[1]}' with Parquet files.");
            WriteUrls(writer, configs[0].Name, split);
        }
        else
        {
            writer.WriteStartObject();
            foreach (var config in configs)
            {
                if (parts.Length == 0)
                {
                    writer.WriteStartObject(config.Name);
                }

                foreach (var split in config.Splits.Where(s => s.Error is null))
                {
                    writer.WritePropertyName(split.Name);
                    WriteUrls(writer, config.Name, split);
                }

                if (parts.Length == 0)
                {
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndObject();
        }

        void WriteUrls(Utf8JsonWriter json, string config, SplitSnapshot split)
        {
            json.WriteStartArray();
            for (var n = 0; n < split.Files.Count; n++)
            {
                json.WriteStringValue(Url(config, split.Name, n));
            }

            json.WriteEndArray();
        }
    }
}
