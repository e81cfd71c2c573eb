namespace HubPlatform.Cards;

/// <summary>Reads a card file and validates it (and audits it when asked): what <c>hub card lint|audit</c> does per file.</summary>
public sealed class CardChecker
{
    private readonly CardValidator _validator;
    private readonly CardAuditor _auditor;

    /// <summary>Creates a checker over the given validator and auditor (the default ones when absent).</summary>
    public CardChecker(CardValidator? validator = null, CardAuditor? auditor = null)
    {
        _validator = validator ?? new CardValidator();
        _auditor = auditor ?? new CardAuditor();
    }

    /// <summary>Checks one card file. A file that cannot be read throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>.</summary>
    /// <param name="path">The README to read.</param>
    /// <param name="kind">The kind to check it as; <see langword="null"/> guesses it from the metadata.</param>
    /// <param name="audit">Whether to audit it too.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <param name="evidence">What the model files beside the card show, for the audit to hold the card against.</param>
    public async Task<CardReport> CheckFileAsync(string path, CardKind? kind, bool audit, CancellationToken cancellationToken = default, ModelEvidence? evidence = null)
    {
        var card = await Card.LoadAsync(path, cancellationToken);
        var checkedAs = kind ?? card.GuessedKind;
        return new CardReport(path, checkedAs, card, _validator.Validate(card, checkedAs), audit ? _auditor.Audit(card, checkedAs, evidence) : null);
    }
}
