using HubPlatform.Hub.Validation;

namespace HubPlatform.Validation;

/// <summary>What a probe child said of one model.</summary>
/// <param name="Read">What the file says, or null when the child ended or was stopped before it said.</param>
/// <param name="Probe">What loading and running the model showed, or why that failed; null when the read found the model unsafe to load (it was not loaded).</param>
public sealed record ChildProbeAnswer(ModelValidation? Read, ModelProbe? Probe);
