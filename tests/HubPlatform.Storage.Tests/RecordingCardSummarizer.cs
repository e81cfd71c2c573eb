namespace HubPlatform.Storage.Tests;

/// <summary>Reads a README's first line as its only tag, and counts how often storage asked.</summary>
internal sealed class RecordingCardSummarizer : ICardSummarizer
{
    public int Calls { get; private set; }

    public CardSummary Summarize(string readmeText, HubPlatform.Hub.RepoType type)
    {
        Calls++;
        return new CardSummary(null, [readmeText.Split('\n')[0]], null, null);
    }
}
