namespace HubPlatform.Cards.Tests;

public sealed class CardCheckerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cardchecker-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_file_is_checked_as_the_kind_its_metadata_suggests_unless_told()
    {
        var file = await Write("README.md", "---\nsize_categories: huge\n---\n# Data\n");
        var checker = new CardChecker();

        var guessed = await checker.CheckFileAsync(file, kind: null, audit: false, TestContext.Current.CancellationToken);
        var forced = await checker.CheckFileAsync(file, CardKind.Model, audit: true, TestContext.Current.CancellationToken);

        Assert.Equal(file, guessed.File);
        Assert.Equal(CardKind.Dataset, guessed.Kind);
        Assert.False(guessed.Valid);
        Assert.Contains(guessed.Problems, p => p.Code == CardCodes.SizeCategoryUnknown);
        Assert.Null(guessed.Audit);
        Assert.Equal(CardKind.Model, forced.Kind);
        Assert.True(forced.Valid);
        Assert.NotNull(forced.Audit);
    }

    [Fact]
    public async Task Warnings_alone_leave_a_card_valid()
    {
        var file = await Write("README.md", "# No metadata at all\n");

        var report = await new CardChecker().CheckFileAsync(file, null, false, TestContext.Current.CancellationToken);

        Assert.True(report.Valid);
        Assert.Contains(report.Problems, p => p.Code == CardCodes.NoMetadata && p.Severity == ProblemSeverity.Warning);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_fifo_named_like_a_card_is_read_as_empty_instead_of_waiting_for_a_writer()
    {
        var fifo = Path.Combine(_dir, "README.md");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)!)
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var report = await new CardChecker().CheckFileAsync(fifo, null, true, TestContext.Current.CancellationToken);

        Assert.Contains(report.Problems, p => p.Code == CardCodes.NoMetadata);
    }

    [Fact]
    public async Task A_missing_file_throws_an_io_error()
    {
        await Assert.ThrowsAnyAsync<IOException>(() => new CardChecker().CheckFileAsync(Path.Combine(_dir, "absent.md"), null, false, TestContext.Current.CancellationToken));
    }

    private async Task<string> Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        await File.WriteAllTextAsync(path, text, TestContext.Current.CancellationToken);
        return path;
    }
}
