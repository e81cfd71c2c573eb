using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Validation;

/// <summary>The <c>validation</c> field of a mirror's model info: what validation found in the model's main file at that commit.</summary>
public sealed record ModelValidationSummary
{
    /// <summary><c>done</c>, <c>pending</c> while the job waits or runs, or <c>failed</c> when the job itself failed.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary>The task of the main model file (the one whose task was verified, else the largest), or null.</summary>
    [JsonPropertyName("task")]
    public string? Task { get; init; }

    /// <summary>Whether a run verified that task.</summary>
    [JsonPropertyName("verified")]
    public bool Verified { get; init; }

    /// <summary>The main model file's parameter count.</summary>
    [JsonPropertyName("parameters")]
    public long? Parameters { get; init; }

    /// <summary>
    /// Whether the card's pipeline_tag agrees with the verified task: null when the card declares none or no task was
    /// verified.
    /// </summary>
    [JsonPropertyName("taskAgrees")]
    public bool? TaskAgrees { get; init; }

    /// <summary>How many places the card disagrees with the files.</summary>
    [JsonPropertyName("findings")]
    public int Findings { get; init; }

    /// <summary>The summary of a commit's results: its main model is the one whose task was verified, else the largest.</summary>
    public static ModelValidationSummary Of(IReadOnlyList<ModelValidation> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var main = models.Where(m => m.Errors.Count == 0).OrderByDescending(m => m.Task?.Verified == true).ThenByDescending(m => m.Task is { Name: not "unknown" })
            .ThenByDescending(m => m.Parameters.Total).FirstOrDefault();
        return new ModelValidationSummary { Status = "done", Task = main?.Task?.Name, Verified = main?.Task?.Verified == true, Parameters = main?.Parameters.Total };
    }
}
