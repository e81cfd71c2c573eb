namespace HubPlatform.Cards;

/// <summary>Whether a card section is there and says something.</summary>
public enum SectionState
{
    /// <summary>A heading for it exists and its text is more than template placeholders.</summary>
    Present,

    /// <summary>No heading for it.</summary>
    Missing,

    /// <summary>A heading exists but holds nothing, or only placeholders such as "[More Information Needed]".</summary>
    Empty,
}
