using System.Text.Json;
using HubPlatform.Cards;
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
/// config.json, read, loaded and run once in a child process when a probe command is configured (the worker's
/// <see cref="WorkerProbe"/>, which keeps a child waiting between jobs), and analysed; then the
/// commit's README.md is held against the results. Results are stored per commit. A commit whose ancestor was validated
/// starts from that ancestor's results and validates again only the models its changes touch, so a one-file commit to a
/// large repository costs what it changed.
/// </summary>
public sealed class ModelValidationJob(HubDbContext db, RepositoryService repos, CommitService commits, TreeStore trees, IBlobStore blobs, RowCache rows, IOptions<StorageOptions> storage,
    IOptions<ValidationOptions> options, WorkerProbe workerProbe, TimeProvider clock, ILogger<ModelValidationJob> logger) : IJobHandler
{
    /// <summary>The kind of the job.</summary>
    public const string JobKind = "model-validation";

    // How far back the job looks for a validated commit to start from, among how many of the latest.
    private const int AncestorsSearched = 10_000;

    private const int RecentValidations = 100;

    // The most files of a model's folder laid out beside it (external data lives there).
    private const int FolderFilesLinked = 1000;

    private const long MaxCardBytes = 4 * 1024 * 1024;

    private const string NotValidatedPrefix = "Not validated: ";

    private const string NotFetched = "The file's bytes are not in the mirror yet (a pulled file not fetched).";

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

        var root = await repos.RootAsync(repo, job.CommitId, cancellationToken);
        var (paths, reused) = await PlanAsync(repo, job.CommitId, root, cancellationToken);
        var results = new List<ModelValidation>();
        var toValidate = paths.Count(p => !reused.ContainsKey(p));
        var probe = toValidate > 0 ? workerProbe.Probe : null;
        probe?.Warm();
        var limits = new ProbeLimits(options.Value.ProbeTimeout, options.Value.ProbeMemoryBytes);
        var validated = 0;
        foreach (var path in paths)
        {
            if (reused.TryGetValue(path, out var earlier))
            {
                results.Add(earlier);
            }
            else if (results.Count < options.Value.MaxModelsPerCommit)
            {
                results.Add(await ValidateAsync(repo, job.CommitId, root, path, probe, limits, cancellationToken));
                validated++;
            }
            else
            {
                results.Add(new ModelValidation
                {
                    File = path, Format = Path.GetExtension(path).TrimStart('.').ToLowerInvariant(),
                    Errors = [$"{NotValidatedPrefix}the commit holds more than {options.Value.MaxModelsPerCommit} model files."],
                });
            }
        }

        var (findings, declared) = await AuditCardAsync(repo, job.CommitId, results, cancellationToken);

        // Agreement is known only when the card declares a task and a run verified one.
        var summary = ModelValidationSummary.Of(results) with
        {
            Findings = findings.Count,
            TaskAgrees = declared is null || !results.Any(r => r.Task is { Verified: true }) ? null : !findings.Any(f => f.Code == CardCodes.TaskMismatch),
        };
        var json = JsonSerializer.Serialize(results, ValidationJsonContext.Default.ListModelValidation);
        var findingsJson = JsonSerializer.Serialize(findings, ValidationJsonContext.Default.ListModelCardFinding);
        var summaryJson = JsonSerializer.Serialize(summary, ValidationJsonContext.Default.ModelValidationSummary);
        logger.LogInformation("Validated {Validated} of {Count} model files of {Namespace}/{Name} at {Commit} ({Reused} unchanged)", validated, results.Count, repo.Namespace, repo.Name, job.CommitId, reused.Count);
        return new JobOutcome($"{results.Count} model files ({validated} validated, {results.Count - validated} unchanged), {results.Count(r => r.Errors.Count > 0)} failed, {findings.Count} card findings", async (context, ct) =>
        {
            var row = await context.ModelValidations.FirstOrDefaultAsync(v => v.RepositoryId == job.RepositoryId && v.CommitId == job.CommitId, ct);
            if (row is null)
            {
                row = new ModelValidationEntity { RepositoryId = job.RepositoryId, CommitId = job.CommitId, Results = json };
                context.ModelValidations.Add(row);
            }

            row.Results = json;
            row.Findings = findingsJson;
            row.Summary = summaryJson;
            row.Task = summary.Task;
            row.Verified = summary.Verified;
            row.CreatedAt = clock.GetUtcNow();
            rows.Remove(new ValidationSummaryKey(job.RepositoryId, job.CommitId));
        });
    }

    // The commit's model paths, and the results of a validated ancestor that still hold: those of models whose bytes, folder
    // (external data, a config.json beside them) and root config.json the commits since did not change. Without such an
    // ancestor every file of the commit is listed once.
    private async Task<(List<string> Paths, Dictionary<string, ModelValidation> Reused)> PlanAsync(RepositoryEntity repo, string commitId, long root, CancellationToken cancellationToken)
    {
        var reused = new Dictionary<string, ModelValidation>(StringComparer.Ordinal);
        if (await ValidatedAncestorAsync(repo, commitId, cancellationToken) is not { } ancestor)
        {
            var all = new List<string>();
            await foreach (var (path, _) in trees.FilesAsync(root, string.Empty, cancellationToken))
            {
                if (ModelValidator.IsModel(path))
                {
                    all.Add(path);
                }
            }

            return ([.. all.Order(StringComparer.Ordinal)], reused);
        }

        var changed = await repos.ChangedFilesAsync(repo, ancestor.CommitId, commitId, cancellationToken).ToHashSetAsync(StringComparer.Ordinal, cancellationToken);
        var changedFolders = changed.Select(FolderOf).ToHashSet(StringComparer.Ordinal);
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var earlier in JsonSerializer.Deserialize(ancestor.Results, ValidationJsonContext.Default.ListModelValidation) ?? [])
        {
            if (!changed.Contains(earlier.File))
            {
                paths.Add(earlier.File);
                if (!changedFolders.Contains(FolderOf(earlier.File)) && !changed.Contains("config.json") && Reusable(earlier))
                {
                    reused[earlier.File] = earlier;
                }
            }
        }

        foreach (var path in changed.Where(ModelValidator.IsModel))
        {
            if (await trees.FindPathAsync(root, path, cancellationToken) is { IsDirectory: false })
            {
                paths.Add(path);
            }
        }

        return ([.. paths], reused);
    }

    // The nearest ancestor among the repository's latest validated commits. Commits that came in a burst had their jobs
    // superseded, so the walk may pass many unvalidated commits; each step is a cached row.
    private async Task<ModelValidationEntity?> ValidatedAncestorAsync(RepositoryEntity repo, string commitId, CancellationToken cancellationToken)
    {
        var validated = await db.ModelValidations.AsNoTracking().Where(v => v.RepositoryId == repo.Id).OrderByDescending(v => v.Id).Take(RecentValidations)
            .Select(v => new { v.Id, v.CommitId }).ToDictionaryAsync(v => v.CommitId, v => v.Id, StringComparer.Ordinal, cancellationToken);
        var parent = (await repos.CommitAsync(repo, commitId, cancellationToken))?.ParentId;
        for (var i = 0; i < AncestorsSearched && parent is not null; i++)
        {
            if (validated.TryGetValue(parent, out var id))
            {
                return await db.ModelValidations.AsNoTracking().FirstAsync(v => v.Id == id, cancellationToken);
            }

            parent = (await repos.CommitAsync(repo, parent, cancellationToken))?.ParentId;
        }

        return null;
    }

    // A result says something about the file only when it was validated: not when it was skipped or its bytes were missing.
    private static bool Reusable(ModelValidation result) =>
        !result.Errors.Any(e => e.StartsWith(NotValidatedPrefix, StringComparison.Ordinal) || e == NotFetched);

    private static string FolderOf(string path) => path.LastIndexOf('/') is var slash and >= 0 ? path[..slash] : string.Empty;

    // One model in a scratch copy of the part of the repository it may read: links, not copies, to the stored bytes of the
    // files of its folder and the root config.json.
    private async Task<ModelValidation> ValidateAsync(RepositoryEntity repo, string commitId, long root, string path, ChildProbe? probe, ProbeLimits limits, CancellationToken cancellationToken)
    {
        var format = Path.GetExtension(path).TrimStart('.').ToLowerInvariant();
        if (await trees.FindPathAsync(root, path, cancellationToken) is not { IsDirectory: false, Sha256: { } modelSha } || !blobs.Exists(modelSha))
        {
            return new ModelValidation { File = path, Format = format, Errors = [NotFetched] };
        }

        var folder = Path.Combine(storage.Value.DataDirectory, "tmp", "validate", Guid.NewGuid().ToString("N"));
        try
        {
            var directory = FolderOf(path);
            var wanted = new Dictionary<string, string>(StringComparer.Ordinal) { [path] = modelSha };
            var folderNode = directory.Length == 0 ? root : (await trees.FindPathAsync(root, directory, cancellationToken))?.ChildId;
            if (folderNode is { } node)
            {
                await foreach (var item in trees.EntriesAsync(node, null, false, cancellationToken).Where(i => !i.IsDirectory && i.Sha256 is not null).Take(FolderFilesLinked).WithCancellation(cancellationToken))
                {
                    wanted.TryAdd(directory.Length == 0 ? item.Name : directory + "/" + item.Name, item.Sha256!);
                }
            }

            if (await trees.FindPathAsync(root, "config.json", cancellationToken) is { IsDirectory: false, Sha256: { } configSha })
            {
                wanted.TryAdd("config.json", configSha);
            }

            foreach (var (wantedPath, sha) in wanted)
            {
                if (blobs.Exists(sha))
                {
                    var link = Path.Combine(folder, wantedPath);
                    Directory.CreateDirectory(Path.GetDirectoryName(link)!);
                    File.CreateSymbolicLink(link, blobs.PathOf(sha));
                }
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

    // The card of the commit held against its models, as hub card audit does beside model files.
    private async Task<(List<ModelCardFinding> Findings, string? DeclaredTask)> AuditCardAsync(RepositoryEntity repo, string commitId, List<ModelValidation> results, CancellationToken cancellationToken)
    {
        if (await CardAsync(repo, commitId, cancellationToken) is not { } card)
        {
            return ([], null);
        }

        var markers = new List<string>();
        foreach (var marker in ModelEvidence.MarkerFiles)
        {
            if (await repos.FileAsync(repo, commitId, marker, cancellationToken) is not null)
            {
                markers.Add(marker);
            }
        }

        var findings = ModelEvidenceAuditor.Audit(card, new ModelEvidence(results, markers));
        return ([.. findings.Select(f => new ModelCardFinding { Code = f.Code, Message = f.Message, Line = f.Line })], card.ModelData.PipelineTag is { Length: > 0 } tag ? tag : null);
    }

    private async Task<Card?> CardAsync(RepositoryEntity repo, string commitId, CancellationToken cancellationToken) =>
        await repos.FileAsync(repo, commitId, "README.md", cancellationToken) is { } readme && readme.Size <= MaxCardBytes
            && await commits.ReadSmallTextAsync(readme.Sha256, cancellationToken) is { } text
            ? Card.Parse(text)
            : null;
}
