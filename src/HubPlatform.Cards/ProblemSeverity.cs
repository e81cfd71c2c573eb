namespace HubPlatform.Cards;

/// <summary>How bad a problem is: errors make a card invalid, warnings do not.</summary>
public enum ProblemSeverity
{
    /// <summary>The Hub would refuse the card.</summary>
    Error,

    /// <summary>The Hub would accept the card but something is off.</summary>
    Warning,
}
