namespace HubPlatform.Cli.Tests;

public sealed class SizesTests
{
    [Theory]
    [InlineData("1234", 1234L)]
    [InlineData("500MB", 500_000_000L)]
    [InlineData("20gb", 20_000_000_000L)]
    [InlineData("2GiB", 2L * 1024 * 1024 * 1024)]
    [InlineData("1.5TB", 1_500_000_000_000L)]
    public void Parse_reads_decimal_and_binary_units(string text, long expected) => Assert.Equal(expected, Sizes.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("MB")]
    [InlineData("-5GB")]
    [InlineData("5 parsecs")]
    [InlineData("9999999999TB")]
    public void Parse_refuses_what_is_not_a_size_with_a_usage_error(string text) => Assert.Throws<UsageException>(() => Sizes.Parse(text));
}
