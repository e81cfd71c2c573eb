namespace HubPlatform.Storage;

/// <summary>
/// Reads a README for listings and search. Storage knows no card format: the host supplies this hook (the mirror parses
/// cards with HubPlatform.Cards), and storage calls it when a commit changes the default branch's README.
/// </summary>
public interface ICardSummarizer
{
    /// <summary>Reads a README of a repository of the given type (model or dataset cards are audited differently).</summary>
    CardSummary Summarize(string readmeText, HubPlatform.Hub.RepoType type);
}
