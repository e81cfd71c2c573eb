namespace HubPlatform.Cards;

/// <summary>A consistency finding: the body and the metadata disagree, or the metadata names something the body never mentions.</summary>
/// <param name="Code">A stable code, e.g. <c>eval-table-mismatch</c>.</param>
/// <param name="Message">What disagrees, for people.</param>
/// <param name="Line">The 1-based line it concerns, when there is one.</param>
public sealed record AuditFinding(string Code, string Message, int? Line);
