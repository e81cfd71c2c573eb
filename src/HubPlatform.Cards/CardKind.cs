namespace HubPlatform.Cards;

/// <summary>Which card a README is.</summary>
public enum CardKind
{
    /// <summary>A model card.</summary>
    Model,

    /// <summary>A dataset card.</summary>
    Dataset,
}
