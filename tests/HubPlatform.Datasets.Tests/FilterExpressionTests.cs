using System.Text.Json.Nodes;

namespace HubPlatform.Datasets.Tests;

public sealed class FilterExpressionTests
{
    private static readonly JsonObject Row = JsonNode.Parse("""{"id":7,"score":0.5,"label":"pos","text":"it's fine","flag":true,"missing":null,"odd \"name\"":3}""")!.AsObject();

    [Theory]
    [InlineData("\"id\" = 7", true)]
    [InlineData("id >= 7 AND id < 8", true)]
    [InlineData("\"score\" > 0.25 and \"score\" <= 0.5", true)]
    [InlineData("\"label\" = 'pos'", true)]
    [InlineData("\"label\" <> 'pos'", false)]
    [InlineData("\"label\" != 'neg' OR \"id\" = 0", true)]
    [InlineData("\"text\" = 'it''s fine'", true)]
    [InlineData("NOT (\"id\" = 7)", false)]
    [InlineData("not \"id\" = 8", true)]
    [InlineData("\"flag\" = TRUE", true)]
    [InlineData("\"flag\" = false", false)]
    [InlineData("\"missing\" IS NULL", true)]
    [InlineData("\"missing\" is not null", false)]
    [InlineData("\"id\" IS NOT NULL", true)]
    [InlineData("\"missing\" = 1", false)]
    [InlineData("NOT \"missing\" = 1", false)]
    [InlineData("\"missing\" = 1 OR \"id\" = 7", true)]
    [InlineData("\"odd \"\"name\"\"\" = 3", true)]
    [InlineData("\"id\" = 'seven'", false)]
    [InlineData("(\"id\" = 1 OR \"id\" = 7) AND (\"label\" = 'pos')", true)]
    [InlineData("\"id\" = -7e0 OR \"id\" = 7.000", true)]
    public void Where_clauses_evaluate_with_sqls_three_valued_logic(string where, bool passes) =>
        Assert.Equal(passes, FilterExpression.Parse(where).Matches(Row));

    [Theory]
    [InlineData("\"id\" = 7; DROP TABLE x", 9)]
    [InlineData("\"id\" == 7", 7)]
    [InlineData("\"id\" = ", 8)]
    [InlineData("\"id\" = 'open", 8)]
    [InlineData("(\"id\" = 7", 10)]
    [InlineData("\"id\" LIKE 'a%'", 6)]
    [InlineData("7 = \"id\"", 1)]
    [InlineData("\"id\" IS 7", 9)]
    [InlineData("", 1)]
    public void Anything_else_is_refused_with_the_position_of_the_error(string where, int position)
    {
        var error = Assert.Throws<FilterSyntaxException>(() => FilterExpression.Parse(where));

        Assert.StartsWith($"Invalid where at character {position}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Floating_point_cells_compare_with_decimal_literals_and_integers_compare_exactly()
    {
        var row = new System.Text.Json.Nodes.JsonObject { ["x"] = 2.25, ["n"] = 9007199254740993m };

        Assert.True(FilterExpression.Parse("\"x\" > 1.5 AND \"x\" < 3").Matches(row));
        Assert.False(FilterExpression.Parse("\"x\" = 2").Matches(row));
        Assert.True(FilterExpression.Parse("\"n\" > 9007199254740992").Matches(row));
    }

    [Fact]
    public void The_columns_read_are_known()
    {
        Assert.Equal(["id", "label", "missing"], FilterExpression.Parse("\"id\" = 1 AND (label = 'x' OR missing IS NULL)").Columns);
    }
}
