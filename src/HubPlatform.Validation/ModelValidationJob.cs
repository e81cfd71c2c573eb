using System.Text.Json;
using HubPlatform.Hub.Validation;
using HubPlatform.Storage;
using HubPlatform.Storage.Entities;
using HubPlatform.Storage.Trees;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HubPlatform.Validation;

/// <summary>
/// Validates the model files (ONNX, safetensors, GGUF) of a model repository's commit: each model is laid out in a scratch
/// folder as links to its bytes at their repository paths, beside the files of its folder (external data) and the
/// config.json, read, loaded and run once in a child process when a probe command is configured, and analysed; the results
/// are stored per commit.
/// </summary>
public sealed class ModelValidationJob(HubDbContext db, RepositoryService repos, IBlobStore blobs, IOptions<StorageOptions> storage, IOptions<ValidationOptions> options,
    TimeProvider clock, ILogger<ModelValidationJob> logger) : IJobHandler
{
    /// <summary>The kind of the job.</summary>
    public const string JobKind = "model-validation";

    /// <inheritdoc />
    public string Kind => JobKind;

    /// <inheritdoc />
    public async Task<JobOutcome> RunAsync(JobLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var job = lease.Job;
        var repo = await db.Repositories.AsNoTracking().FirstOrDefaultAsync(r => r.Id == job.RepositoryId, cancellationToken);
        if (repo is null)
        {
            return new JobOutcome("the repository was deleted");
        }

        var files = await repos.FilesByPathAsync(repo, job.CommitId, cancellationToken);

        var models = files.Keys.Where(ModelValidator.IsModel).Order(StringComparer.Ordinal).ToList();
        var results = new List<ModelValidation>();
        var probe = options.Value.ProbeCommand.Count > 0 ? new ChildProbe(options.Value.ProbeCommand[0], [.. options.Value.ProbeCommand.Skip(1)]) : null;
        var limits = new ProbeLimits(options.Value.ProbeTimeout, options.Value.ProbeMemoryBytes);
        foreach (var path in models.Take(options.Value.MaxModelsPerCommit))
        {
            results.Add(await ValidateAsync(path, files, probe, limits, cancellationToken));
        }

        results.AddRange(models.Skip(options.Value.MaxModelsPerCommit).Select(p => new ModelValidation
        {
            File = p, Format = Path.GetExtension(p).TrimStart('.').ToLowerInvariant(), Errors = [$"Not validated: the commit holds more than {options.Value.MaxModelsPerCommit} model files."],
        }));
        var json = JsonSerializer.Serialize(results, ValidationJsonContext.Default.ListModelValidation);
        logger.LogInformation("Validated {Count} model files of {Namespace}/{Name} at {Commit}", results.Count, repo.Namespace, repo.Name, job.CommitId);
        return new JobOutcome($"{results.Count} model files, {results.Count(r => r.Errors.Count > 0)} failed", async (context, ct) =>
        {
            var existing = await context.ModelValidations.FirstOrDefaultAsync(v => v.RepositoryId == job.RepositoryId && v.CommitId == job.CommitId, ct);
            if (existing is null)
            {
                context.ModelValidations.Add(new ModelValidationEntity { RepositoryId = job.RepositoryId, CommitId = job.CommitId, Results = json, CreatedAt = clock.GetUtcNow() });
            }
            else
            {
                existing.Results = json;
                existing.CreatedAt = clock.GetUtcNow();
            }
        });
    }

    // One model in a scratch copy of the part of the repository it may read: links, not copies, to the stored bytes.
    private async Task<ModelValidation> ValidateAsync(string path, Dictionary<string, RepoFile> files, ChildProbe? probe, ProbeLimits limits, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(storage.Value.DataDirectory, "tmp", "validate", Guid.NewGuid().ToString("N"));
        try
        {
            var directory = Path.GetDirectoryName(path)?.Replace('\\', '/') ?? string.Empty;
            var wanted = files.Keys.Where(p => (Path.GetDirectoryName(p)?.Replace('\\', '/') ?? string.Empty) == directory || p == "config.json").Take(1000).Append(path).Distinct(StringComparer.Ordinal);
            foreach (var wantedPath in wanted)
            {
                var file = files[wantedPath];
                if (!blobs.Exists(file.Sha256))
                {
                    if (wantedPath == path)
                    {
                        return new ModelValidation { File = path, Format = Path.GetExtension(path).TrimStart('.').ToLowerInvariant(), Errors = ["The file's bytes are not in the mirror yet (a pulled file not fetched)."] };
                    }

                    continue;
                }

                var link = Path.Combine(folder, wantedPath);
                Directory.CreateDirectory(Path.GetDirectoryName(link)!);
                File.CreateSymbolicLink(link, blobs.PathOf(file.Sha256));
            }

            return await ModelValidator.ValidateAsync(Path.Combine(folder, path), folder, path, probe, limits, cancellationToken);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // Nothing was laid out.
            }
        }
    }
}
