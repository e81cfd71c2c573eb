using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace HubPlatform.Cards;

/// <summary>
/// Passes YamlDotNet's parser events on to the representation model, and stops, before the model is built, YAML that
/// would exhaust the stack (YamlDotNet builds nested nodes recursively, and a stack overflow ends the process) or memory
/// (aliases that multiply, the "billion laughs", expand when metadata becomes JSON). Counting follows aliases, so the
/// count is the number of values the JSON form would hold.
/// </summary>
internal sealed class BoundedYamlParser : IParser
{
    /// <summary>Deeper nesting than any card needs; the limit keeps the model's recursion far from the stack's end.</summary>
    public const int MaxDepth = 100;

    /// <summary>Values (scalars and collections, aliases counted as what they stand for) one YAML text may expand to.</summary>
    public const long MaxValues = 100_000;

    private readonly IParser _inner;
    private readonly Dictionary<string, long> _anchorSizes = new(StringComparer.Ordinal);
    private readonly Stack<(string? Anchor, long ValuesBefore)> _open = new();
    private long _values;

    private BoundedYamlParser(IParser inner) => _inner = inner;

    public ParsingEvent? Current => _inner.Current;

    /// <summary>Loads YAML text into the representation model within the limits.</summary>
    /// <exception cref="YamlLimitException">The text nests too deeply or expands too far.</exception>
    /// <exception cref="YamlException">The text is not YAML.</exception>
    public static YamlStream Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new BoundedYamlParser(new Parser(new StringReader(text))));
        return stream;
    }

    public bool MoveNext()
    {
        if (!_inner.MoveNext())
        {
            return false;
        }

        switch (_inner.Current)
        {
            case NodeEvent opening when opening is SequenceStart or MappingStart:
                if (_open.Count >= MaxDepth)
                {
                    throw new YamlLimitException(CardCodes.YamlTooDeep, opening.Start, opening.End, $"The YAML nests deeper than {MaxDepth} levels.");
                }

                _open.Push((opening.Anchor.IsEmpty ? null : opening.Anchor.Value, _values));
                Count(1, opening);
                break;
            case SequenceEnd or MappingEnd:
                var (anchor, before) = _open.Pop();
                if (anchor is not null)
                {
                    _anchorSizes[anchor] = _values - before;
                }

                break;
            case Scalar scalar:
                Count(1, scalar);
                if (!scalar.Anchor.IsEmpty)
                {
                    _anchorSizes[scalar.Anchor.Value] = 1;
                }

                break;
            case AnchorAlias alias:
                if (_open.Any(o => o.Anchor == alias.Value.Value))
                {
                    throw new YamlLimitException(CardCodes.YamlTooLarge, alias.Start, alias.End, $"The alias *{alias.Value} stands inside the node it refers to, which makes that node endless.");
                }

                // An alias to an anchor never defined is YamlDotNet's to report; it counts as one value here.
                Count(_anchorSizes.GetValueOrDefault(alias.Value.Value, 1), alias);
                break;
        }

        return true;
    }

    private void Count(long values, ParsingEvent at)
    {
        _values += values;
        if (_values > MaxValues)
        {
            throw new YamlLimitException(CardCodes.YamlTooLarge, at.Start, at.End, string.Create(CultureInfo.InvariantCulture, $"The YAML holds more than {MaxValues:N0} values once its aliases are followed."));
        }
    }
}
