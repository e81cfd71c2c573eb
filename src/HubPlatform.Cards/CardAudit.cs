namespace HubPlatform.Cards;

/// <summary>The audit of one card: a 0–100 completeness score, each expected section's state, and consistency findings.</summary>
/// <param name="Score">The completeness score (formula in the README).</param>
/// <param name="Sections">Each expected section by name.</param>
/// <param name="Findings">Consistency findings.</param>
public sealed record CardAudit(int Score, IReadOnlyDictionary<string, SectionState> Sections, IReadOnlyList<AuditFinding> Findings);
