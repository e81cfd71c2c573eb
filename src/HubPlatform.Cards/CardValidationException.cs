namespace HubPlatform.Cards;

/// <summary>A card was not pushed because the Hub's rules find errors in it.</summary>
public sealed class CardValidationException : Exception
{
    /// <summary>Refuses a card for these errors.</summary>
    public CardValidationException(IReadOnlyList<CardProblem> errors)
        : base("The card has errors the Hub would refuse: " + string.Join("; ", (errors ?? []).Select(e => $"{e.Line}:{e.Column} {e.Code} {e.Message}")))
    {
        Errors = errors ?? [];
    }

    /// <summary>Refuses a card without details.</summary>
    public CardValidationException()
        : this([])
    {
    }

    /// <summary>Refuses a card with a message.</summary>
    public CardValidationException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Refuses a card with a message and a cause.</summary>
    public CardValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>The errors found.</summary>
    public IReadOnlyList<CardProblem> Errors { get; }
}
