using System.Text.Json;
using System.Text.Json.Nodes;

namespace HubPlatform.Datasets;

/// <summary>
/// The <c>orderby</c> of <c>/filter</c>: one column, ascending or descending (<c>"col" [ASC|DESC]</c>), nulls last either
/// way; rows that tie keep their order in the split.
/// </summary>
public sealed class RowOrder : IComparer<(JsonNode? Key, long RowIndex)>
{
    private RowOrder(string column, bool descending) => (Column, Descending) = (column, descending);

    /// <summary>The column ordered by.</summary>
    public string Column { get; }

    /// <summary>Whether the order is descending.</summary>
    public bool Descending { get; }

    /// <summary>Parses an <c>orderby</c>.</summary>
    /// <exception cref="FilterSyntaxException">It is not one column and an optional direction.</exception>
    public static RowOrder Parse(string orderBy)
    {
        ArgumentNullException.ThrowIfNull(orderBy);
        var text = orderBy.Trim();
        string column;
        string rest;
        if (text.StartsWith('"'))
        {
            var end = text.IndexOf('"', 1);
            while (end > 0 && end + 1 < text.Length && text[end + 1] == '"')
            {
                end = text.IndexOf('"', end + 2);
            }

            if (end < 0)
            {
                throw new FilterSyntaxException("Invalid orderby at character 1: the column name's quote is not closed");
            }

            column = text[1..end].Replace("\"\"", "\"", StringComparison.Ordinal);
            rest = text[(end + 1)..].Trim();
        }
        else
        {
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            (column, rest) = space < 0 ? (text, string.Empty) : (text[..space], text[space..].Trim());
            if (column.Length == 0 || !column.All(c => char.IsLetterOrDigit(c) || c == '_'))
            {
                throw new FilterSyntaxException("Invalid orderby at character 1: expected a column name (in double quotes)");
            }
        }

        return rest.ToUpperInvariant() switch
        {
            "" or "ASC" => new RowOrder(column, false),
            "DESC" => new RowOrder(column, true),
            _ => throw new FilterSyntaxException($"Invalid orderby at character {orderBy.Length - rest.Length + 1}: expected ASC or DESC, not '{rest}'"),
        };
    }

    /// <inheritdoc />
    public int Compare((JsonNode? Key, long RowIndex) x, (JsonNode? Key, long RowIndex) y)
    {
        var order = (x.Key, y.Key) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            _ => (Descending ? -1 : 1) * CompareValues(x.Key, y.Key),
        };
        return order != 0 ? order : x.RowIndex.CompareTo(y.RowIndex);
    }

    // Numbers by value, text by code point, booleans false first; values of different kinds by kind, so the order is total.
    private static int CompareValues(JsonNode a, JsonNode b)
    {
        var (ka, kb) = (a.GetValueKind(), b.GetValueKind());
        if (ka == JsonValueKind.Number && kb == JsonValueKind.Number)
        {
            return FilterExpression.Comparison.CompareNumbers((JsonValue)a, (JsonValue)b);
        }

        if (ka == JsonValueKind.String && kb == JsonValueKind.String)
        {
            return string.CompareOrdinal(a.GetValue<string>(), b.GetValue<string>());
        }

        var rank = Rank(ka).CompareTo(Rank(kb));
        return rank != 0 ? rank : string.CompareOrdinal(a.ToJsonString(), b.ToJsonString());
    }

    private static int Rank(JsonValueKind kind) => kind switch
    {
        JsonValueKind.False or JsonValueKind.True => 0,
        JsonValueKind.Number => 1,
        JsonValueKind.String => 2,
        _ => 3,
    };
}
