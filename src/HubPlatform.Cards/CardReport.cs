namespace HubPlatform.Cards;

/// <summary>One card file checked: the kind it was checked as, what the Hub's rules found, and the audit when asked for.</summary>
/// <param name="File">The path as given.</param>
/// <param name="Kind">Model or dataset (forced, or guessed from the metadata).</param>
/// <param name="Card">The parsed card.</param>
/// <param name="Problems">Validation problems, parse problems first.</param>
/// <param name="Audit">The audit, or <see langword="null"/> when not asked for.</param>
public sealed record CardReport(string File, CardKind Kind, Card Card, IReadOnlyList<CardProblem> Problems, CardAudit? Audit)
{
    /// <summary>Whether the Hub would take the card: no problem is an error.</summary>
    public bool Valid => Problems.All(p => p.Severity != ProblemSeverity.Error);
}
