using HubPlatform.Storage;
using HubPlatform.Storage.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace HubPlatform.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without a host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<HubDbContext>
{
    public HubDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<HubDbContext>()
        .UseSqlite("Data Source=design-time.db", sqlite => sqlite.MigrationsAssembly(SqliteStorageServiceCollectionExtensions.MigrationsAssembly))
        .Options);
}
