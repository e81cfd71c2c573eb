using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HubPlatform.Datasets;

/// <summary>
/// The <c>where</c> of the viewer's <c>/filter</c>, parsed strictly into a tree, never spliced into a query: comparisons of a
/// column (<c>"name"</c> in double quotes, <c>""</c> for a quote, or a bare identifier) with a literal (<c>'text'</c> with
/// <c>''</c> for a quote, a number, <c>TRUE</c>, <c>FALSE</c>) by <c>= != &lt;&gt; &lt; &gt; &lt;= &gt;=</c>, <c>IS [NOT] NULL</c>,
/// joined by <c>AND</c>, <c>OR</c>, <c>NOT</c> and parentheses, keywords in any case. Evaluated with SQL's three-valued logic:
/// a comparison with a null cell is unknown, and a row passes only when the whole expression is true.
/// </summary>
public abstract class FilterExpression
{
    private protected FilterExpression()
    {
    }

    /// <summary>The columns the expression reads.</summary>
    public abstract IEnumerable<string> Columns { get; }

    /// <summary>Parses a <c>where</c>.</summary>
    /// <exception cref="FilterSyntaxException">Anything outside the grammar, with its position.</exception>
    public static FilterExpression Parse(string where)
    {
        ArgumentNullException.ThrowIfNull(where);
        var parser = new FilterParser(where);
        var expression = parser.ParseOr();
        parser.ExpectEnd();
        return expression;
    }

    /// <summary>True, false, or null (unknown) for a row.</summary>
    public abstract bool? Evaluate(JsonObject row);

    /// <summary>Whether a row passes the filter (the expression is true for it).</summary>
    public bool Matches(JsonObject row) => Evaluate(row) == true;

    /// <summary>
    /// Whether some row of a row group may pass, judged from its column statistics alone; false only when none can, so a
    /// group it rules out need not be read.
    /// </summary>
    public bool MayMatch(RowGroupIndex group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.Columns is null || Bounds(group.Columns, group.RowCount).MayBeTrue;
    }

    // Whether the expression may be true, and may be false, for some row of a group with these statistics (unknown is
    // neither); NOT swaps the two, which is why both are needed.
    private protected abstract (bool MayBeTrue, bool MayBeFalse) Bounds(IReadOnlyDictionary<string, ColumnStatistics> columns, long rows);

    internal sealed class And(FilterExpression left, FilterExpression right) : FilterExpression
    {
        public override IEnumerable<string> Columns => left.Columns.Concat(right.Columns);

        private protected override (bool MayBeTrue, bool MayBeFalse) Bounds(IReadOnlyDictionary<string, ColumnStatistics> columns, long rows)
        {
            var (l, r) = (left.Bounds(columns, rows), right.Bounds(columns, rows));
            return (l.MayBeTrue && r.MayBeTrue, l.MayBeFalse || r.MayBeFalse);
        }

        public override bool? Evaluate(JsonObject row) => left.Evaluate(row) switch
        {
            false => false,
            var l => right.Evaluate(row) switch { false => false, true => l, null => null },
        };
    }

    internal sealed class Or(FilterExpression left, FilterExpression right) : FilterExpression
    {
        public override IEnumerable<string> Columns => left.Columns.Concat(right.Columns);

        private protected override (bool MayBeTrue, bool MayBeFalse) Bounds(IReadOnlyDictionary<string, ColumnStatistics> columns, long rows)
        {
            var (l, r) = (left.Bounds(columns, rows), right.Bounds(columns, rows));
            return (l.MayBeTrue || r.MayBeTrue, l.MayBeFalse && r.MayBeFalse);
        }

        public override bool? Evaluate(JsonObject row) => left.Evaluate(row) switch
        {
            true => true,
            var l => right.Evaluate(row) switch { true => true, false => l, null => null },
        };
    }

    internal sealed class Not(FilterExpression inner) : FilterExpression
    {
        public override IEnumerable<string> Columns => inner.Columns;

        private protected override (bool MayBeTrue, bool MayBeFalse) Bounds(IReadOnlyDictionary<string, ColumnStatistics> columns, long rows)
        {
            var (t, f) = inner.Bounds(columns, rows);
            return (f, t);
        }

        public override bool? Evaluate(JsonObject row) => !inner.Evaluate(row);
    }

    internal sealed class IsNull(string column, bool negated) : FilterExpression
    {
        public override IEnumerable<string> Columns => [column];

        private protected override (bool MayBeTrue, bool MayBeFalse) Bounds(IReadOnlyDictionary<string, ColumnStatistics> columns, long rows)
        {
            if (columns.GetValueOrDefault(column)?.NullCount is not { } nulls)
            {
                return (true, true);
            }

            var (isNull, isNotNull) = (nulls > 0, nulls < rows);
            return negated ? (isNotNull, isNull) : (isNull, isNotNull);
        }

        public override bool? Evaluate(JsonObject row) => (row[column] is null) != negated;
    }

    internal sealed class Comparison(string column, string op, JsonNode literal) : FilterExpression
    {
        public override IEnumerable<string> Columns => [column];

        private protected override (bool MayBeTrue, bool MayBeFalse) Bounds(IReadOnlyDictionary<string, ColumnStatistics> columns, long rows)
        {
            var stats = columns.GetValueOrDefault(column);
            if (stats?.NullCount == rows)
            {
                // Every cell is null: the comparison is unknown for every row.
                return (false, false);
            }

            if (stats is not { Min: JsonValue min, Max: JsonValue max }
                || Compare(min, (JsonValue)literal) is not { } low || Compare(max, (JsonValue)literal) is not { } high)
            {
                return (true, true);
            }

            // low and high place the group's smallest and largest value against the literal.
            return op switch
            {
                "=" => (low <= 0 && high >= 0, !(low == 0 && high == 0)),
                "!=" or "<>" => (!(low == 0 && high == 0), low <= 0 && high >= 0),
                "<" => (low < 0, high >= 0),
                "<=" => (low <= 0, high > 0),
                ">" => (high > 0, low <= 0),
                _ => (high >= 0, low < 0),
            };
        }

        public override bool? Evaluate(JsonObject row)
        {
            if (row[column] is not JsonValue cell || Compare(cell, (JsonValue)literal) is not { } order)
            {
                return null;
            }

            return op switch
            {
                "=" => order == 0,
                "!=" or "<>" => order != 0,
                "<" => order < 0,
                ">" => order > 0,
                "<=" => order <= 0,
                _ => order >= 0,
            };
        }

        // Exactly as decimals when both are (integers, decimals); floating-point cells compare as doubles.
        internal static int CompareNumbers(JsonValue a, JsonValue b) =>
            JsonNumber.TryDecimal(a, out var x) && JsonNumber.TryDecimal(b, out var y) ? x.CompareTo(y) : JsonNumber.ToDouble(a).CompareTo(JsonNumber.ToDouble(b));

        // Numbers with numbers, text with text, booleans with booleans; anything else is unknown.
        private static int? Compare(JsonValue cell, JsonValue value) => (cell.GetValueKind(), value.GetValueKind()) switch
        {
            (JsonValueKind.Number, JsonValueKind.Number) => CompareNumbers(cell, value),
            (JsonValueKind.String, JsonValueKind.String) => string.CompareOrdinal(cell.GetValue<string>(), value.GetValue<string>()),
            (JsonValueKind.True or JsonValueKind.False, JsonValueKind.True or JsonValueKind.False) =>
                (cell.GetValueKind() == JsonValueKind.True).CompareTo(value.GetValueKind() == JsonValueKind.True),
            _ => null,
        };
    }

    private sealed class FilterParser(string text)
    {
        private int _at;

        public FilterExpression ParseOr()
        {
            var left = ParseAnd();
            while (Keyword("OR"))
            {
                left = new Or(left, ParseAnd());
            }

            return left;
        }

        public void ExpectEnd()
        {
            SkipSpaces();
            if (_at < text.Length)
            {
                throw Error($"unexpected '{text[_at]}'");
            }
        }

        private FilterExpression ParseAnd()
        {
            var left = ParseNot();
            while (Keyword("AND"))
            {
                left = new And(left, ParseNot());
            }

            return left;
        }

        private FilterExpression ParseNot()
        {
            if (Keyword("NOT"))
            {
                return new Not(ParseNot());
            }

            SkipSpaces();
            if (_at < text.Length && text[_at] == '(')
            {
                _at++;
                var inner = ParseOr();
                SkipSpaces();
                if (_at >= text.Length || text[_at] != ')')
                {
                    throw Error("expected ')'");
                }

                _at++;
                return inner;
            }

            var column = Column();
            if (Keyword("IS"))
            {
                var negated = Keyword("NOT");
                return Keyword("NULL") ? new IsNull(column, negated) : throw Error("expected NULL after IS");
            }

            var op = Operator() ?? throw Error("expected a comparison (= != <> < > <= >=) or IS NULL");
            return new Comparison(column, op, Literal());
        }

        private string Column()
        {
            SkipSpaces();
            if (_at < text.Length && text[_at] == '"')
            {
                return Quoted('"', "column name");
            }

            var start = _at;
            while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] == '_'))
            {
                _at++;
            }

            return _at > start && !char.IsDigit(text[start]) ? text[start.._at] : throw Error("expected a column name (in double quotes)", start);
        }

        private string? Operator()
        {
            SkipSpaces();
            foreach (var op in new[] { "<=", ">=", "<>", "!=", "=", "<", ">" })
            {
                if (string.CompareOrdinal(text, _at, op, 0, op.Length) == 0)
                {
                    _at += op.Length;
                    return op;
                }
            }

            return null;
        }

        private JsonNode Literal()
        {
            SkipSpaces();
            var start = _at;
            if (_at < text.Length && text[_at] == '\'')
            {
                return JsonValue.Create(Quoted('\'', "text"));
            }

            if (Keyword("TRUE"))
            {
                return JsonValue.Create(true);
            }

            if (Keyword("FALSE"))
            {
                return JsonValue.Create(false);
            }

            while (_at < text.Length && (char.IsDigit(text[_at]) || text[_at] is '-' or '+' or '.' or 'e' or 'E'))
            {
                _at++;
            }

            return _at > start && decimal.TryParse(text[start.._at], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? JsonValue.Create(number)
                : throw Error("expected a value ('text', a number, TRUE or FALSE)", start);
        }

        private string Quoted(char quote, string what)
        {
            var start = _at;
            var value = new System.Text.StringBuilder();
            for (_at++; _at < text.Length; _at++)
            {
                if (text[_at] != quote)
                {
                    value.Append(text[_at]);
                }
                else if (_at + 1 < text.Length && text[_at + 1] == quote)
                {
                    value.Append(quote);
                    _at++;
                }
                else
                {
                    _at++;
                    return value.ToString();
                }
            }

            throw Error($"unclosed {what}", start);
        }

        private bool Keyword(string word)
        {
            SkipSpaces();
            var end = _at + word.Length;
            if (end <= text.Length && string.Compare(text, _at, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (end == text.Length || !(char.IsLetterOrDigit(text[end]) || text[end] == '_')))
            {
                _at = end;
                return true;
            }

            return false;
        }

        private void SkipSpaces()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }
        }

        private FilterSyntaxException Error(string message, int? at = null) =>
            new($"Invalid where at character {(at ?? _at) + 1}: {message}.");
    }
}
