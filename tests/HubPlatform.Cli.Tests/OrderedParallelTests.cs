namespace HubPlatform.Cli.Tests;

public class OrderedParallelTests
{
    [Fact]
    public async Task Results_come_back_in_item_order_when_later_items_finish_first()
    {
        var ct = TestContext.Current.CancellationToken;
        var items = Enumerable.Range(0, 40).ToList();

        var results = await OrderedParallel.SelectAsync(
            items,
            async (i, token) =>
            {
                await Task.Delay(i % 3 == 0 ? 30 : 1, token);
                return i * 10;
            },
            parallelism: 4,
            ct).ToListAsync(ct);

        Assert.Equal(items.Select(i => i * 10), results);
    }

    [Fact]
    public async Task At_most_twice_the_parallelism_runs_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var running = 0;
        var most = 0;

        await foreach (var _ in OrderedParallel.SelectAsync(
            Enumerable.Range(0, 50),
            async (i, token) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref most, now);
                await Task.Delay(2, token);
                Interlocked.Decrement(ref running);
                return i;
            },
            parallelism: 3,
            ct))
        {
        }

        Assert.InRange(most, 1, 6);
    }

    [Fact]
    public async Task A_failing_item_is_thrown_in_its_turn_and_the_rest_are_cancelled_and_awaited()
    {
        var ct = TestContext.Current.CancellationToken;
        var seen = new List<int>();
        var cancelled = 0;
        var started = 0;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var value in OrderedParallel.SelectAsync(
                Enumerable.Range(0, 100),
                async (i, token) =>
                {
                    Interlocked.Increment(ref started);
                    if (i == 5)
                    {
                        throw new InvalidOperationException("item 5");
                    }

                    try
                    {
                        await Task.Delay(i > 5 ? 5_000 : 1, token);
                    }
                    catch (OperationCanceledException)
                    {
                        Interlocked.Increment(ref cancelled);
                        throw;
                    }

                    return i;
                },
                parallelism: 2,
                ct))
            {
                seen.Add(value);
            }
        });

        Assert.Equal("item 5", error.Message);
        Assert.Equal([0, 1, 2, 3, 4], seen);
        Assert.True(started < 100, "the listing must stop taking items after a failure");
        Assert.Equal(started - 6, cancelled);
    }

    [Fact]
    public async Task A_reader_that_stops_early_cancels_the_items_still_running_and_leaves_none_behind()
    {
        var ct = TestContext.Current.CancellationToken;
        var running = 0;

        await foreach (var value in OrderedParallel.SelectAsync(
            Enumerable.Range(0, 1000),
            async (i, token) =>
            {
                Interlocked.Increment(ref running);
                try
                {
                    await Task.Delay(i == 0 ? 0 : 10_000, token);
                    return i;
                }
                finally
                {
                    Interlocked.Decrement(ref running);
                }
            },
            parallelism: 2,
            ct))
        {
            Assert.Equal(0, value);
            break;
        }

        Assert.Equal(0, Volatile.Read(ref running));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
