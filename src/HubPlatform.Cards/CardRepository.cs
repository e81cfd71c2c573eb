using System.Text;
using System.Text.Json.Nodes;
using HubPlatform.Client;
using HubPlatform.Client.Commits;
using HubPlatform.Client.Errors;
using HubPlatform.Hub;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HubPlatform.Cards;

/// <summary>
/// A repository's card on a Hub: load its README.md, and push an edited card as a commit of README.md alone (as
/// <c>huggingface_hub</c>'s <c>ModelCard.load</c> and <c>push_to_hub</c>), refused before sending when the Hub would refuse it.
/// </summary>
public static class CardRepository
{
    /// <summary>The card at a revision; an empty card when the repository has no README.md.</summary>
    public static async Task<Card> LoadCardAsync(this HubClient hub, RepoId repo, RepoType type = RepoType.Model, Revision? revision = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hub);
        try
        {
            await using var stream = await hub.Files.OpenReadAsync(repo, "README.md", revision, type, cancellationToken);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            return Card.Parse(Card.Decode(buffer.ToArray()));
        }
        catch (EntryNotFoundException)
        {
            return Card.Parse(string.Empty);
        }
    }

    /// <summary>
    /// Commits the card as README.md and nothing else. With <paramref name="validate"/> (the default), a card with an error
    /// the Hub's rules name is refused with <see cref="CardValidationException"/> and nothing is sent.
    /// </summary>
    public static async Task<CommitResult> PushCardAsync(
        this HubClient hub,
        RepoId repo,
        Card card,
        RepoType type = RepoType.Model,
        Revision? revision = null,
        string? title = null,
        string? parentCommit = null,
        bool validate = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(card);
        if (validate)
        {
            var kind = type == RepoType.Dataset ? CardKind.Dataset : CardKind.Model;
            var errors = new CardValidator().Validate(card, kind).Where(p => p.Severity == ProblemSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                throw new CardValidationException(errors);
            }
        }

        var bytes = card.Save();
        return await hub.Commits.CreateCommitAsync(repo, [CommitOperationAdd.FromBytes("README.md", bytes)], title ?? "Update README.md", null, type, revision, parentCommit, null, cancellationToken);
    }

    /// <summary>Pushes this card to a repository (see <see cref="PushCardAsync"/>).</summary>
    public static Task<CommitResult> PushAsync(this Card card, HubClient hub, RepoId repo, RepoType type = RepoType.Model, Revision? revision = null, string? title = null, CancellationToken cancellationToken = default) =>
        PushCardAsync(hub, repo, card, type, revision, title, null, true, cancellationToken);

    /// <summary>
    /// Reads a value written as YAML on a command line or in a form (<c>mit</c>, <c>[en, fr]</c>, <c>true</c>, <c>3</c>,
    /// <c>"3"</c>, <c>{emissions: 12}</c>) into the JSON the card editor takes.
    /// </summary>
    /// <exception cref="FormatException">When the text is not one YAML value.</exception>
    public static JsonNode? ParseValue(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        YamlStream stream;
        try
        {
            stream = BoundedYamlParser.Load(text);
        }
        catch (YamlException e)
        {
            throw new FormatException($"'{text}' is not a YAML value: {e.Message}", e);
        }

        return stream.Documents.Count switch
        {
            0 => null,
            1 => YamlJson.ToJson(stream.Documents[0].RootNode),
            _ => throw new FormatException($"'{text}' holds more than one YAML document."),
        };
    }
}
