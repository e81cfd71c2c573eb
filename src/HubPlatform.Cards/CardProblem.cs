namespace HubPlatform.Cards;

/// <summary>One validation problem, located like a compiler diagnostic.</summary>
/// <param name="Code">A stable code, e.g. <c>license-unknown</c>.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Message">What is wrong, for people.</param>
/// <param name="Path">The YAML path, e.g. <c>model-index[0].results[1].metrics[0].value</c>, or <see langword="null"/> for the whole card.</param>
/// <param name="Line">1-based line in the README.</param>
/// <param name="Column">1-based column in the README.</param>
public sealed record CardProblem(string Code, ProblemSeverity Severity, string Message, string? Path, int Line, int Column);
