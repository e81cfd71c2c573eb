using System.Data.Common;
using HubPlatform.Hub;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Storage.Tests;

/// <summary>Looking up an id costs the same whether it names a private repository, a moved one or nothing.</summary>
public sealed class RepositoryLookupTests
{
    [Fact]
    public async Task Missing_private_and_moved_ids_cost_the_same_queries_and_then_none()
    {
        var counter = new CommandCounter();
        await using var storage = await StorageFixture.CreateAsync(c => c.ConfigureDbContext<HubDbContext>(o => o.AddInterceptors(counter)));
        var services = storage.Services;
        var ct = TestContext.Current.CancellationToken;
        await using (var scope = services.CreateAsyncScope())
        {
            var repos = scope.ServiceProvider.GetRequiredService<RepositoryService>();
            var moved = await repos.CreateAsync(RepoType.Model, RepoId.Parse("acme/old-name"), false, "alice", ct);
            await repos.MoveAsync(moved, RepoId.Parse("acme/new-name"), ct);
            await repos.CreateAsync(RepoType.Model, RepoId.Parse("acme/secret"), true, "alice", ct);
        }

        async Task<int> QueriesAsync(string id)
        {
            await using var scope = services.CreateAsyncScope();
            var repos = scope.ServiceProvider.GetRequiredService<RepositoryService>();
            var before = counter.Count;
            _ = await repos.FindAsync(RepoType.Model, RepoId.Parse(id), ct);
            _ = await repos.FindMovedAsync(RepoType.Model, RepoId.Parse(id), ct);
            return counter.Count - before;
        }

        var cold = new[] { await QueriesAsync("acme/secret"), await QueriesAsync("acme/nothing-here"), await QueriesAsync("acme/old-name") };
        var warm = new[] { await QueriesAsync("acme/secret"), await QueriesAsync("acme/nothing-here"), await QueriesAsync("acme/old-name") };

        Assert.Equal([2, 2, 2], cold);
        Assert.Equal([0, 0, 0], warm);
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
