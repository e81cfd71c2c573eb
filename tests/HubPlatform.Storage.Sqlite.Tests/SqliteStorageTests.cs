using HubPlatform.Storage.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Storage.Sqlite.Tests;

public sealed class SqliteStorageTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hubplatform-sqlite-tests", Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = null!;

    public async ValueTask InitializeAsync()
    {
        // Only the database: these tests write no blob and read no card.
        _services = new ServiceCollection().AddHubStorageSqlite(o => o.DataDirectory = _folder).BuildServiceProvider();
        await _services.MigrateHubStorageAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task AddHubStorageSqlite_makes_hub_db_in_the_data_folder_with_write_ahead_logging()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(File.Exists(Path.Combine(_folder, "hub.db")));
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        Assert.Equal("wal", await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync(ct));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
    }

    [Fact]
    public async Task SqliteSearchIndex_matches_inside_ids_tags_and_card_text_and_follows_renames_and_removals()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = _services.CreateAsyncScope();
        var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
        var leafy = Repo(1, "acme", "leafy-model", "license:mit text-classification");
        var other = Repo(2, "bob", "other", string.Empty);
        await index.IndexAsync(leafy, "Studies photosynthesis in ferns.", ct);
        await index.IndexAsync(other, null, ct);

        Assert.Equal([1L], await index.SearchAsync("afy-mo", ct));
        Assert.Equal([1L], await index.SearchAsync("PHOTOSYNTH", ct));
        Assert.Equal([1L], await index.SearchAsync("classif", ct));
        Assert.Equal([2L], await index.SearchAsync("bob/oth", ct));
        Assert.Null(await index.SearchAsync("ot", ct));

        // Operators are matched as text, never run.
        Assert.Empty((await index.SearchAsync("\" OR * NEAR(", ct))!);

        (leafy.Namespace, leafy.Name) = ("plants", "green");
        await index.RenameAsync(leafy, ct);
        Assert.Empty((await index.SearchAsync("leafy", ct))!);
        Assert.Equal([1L], await index.SearchAsync("plants/gr", ct));
        Assert.Equal([1L], await index.SearchAsync("photosynth", ct));

        await index.RemoveAsync(1, ct);
        Assert.Empty((await index.SearchAsync("photosynth", ct))!);
    }

    private static RepositoryEntity Repo(long id, string ns, string name, string tags) => new()
    {
        Id = id,
        ObjectId = id.ToString("x24", System.Globalization.CultureInfo.InvariantCulture),
        Type = "model",
        Namespace = ns,
        Name = name,
        NamespaceLower = ns,
        NameLower = name,
        Tags = tags,
    };
}
