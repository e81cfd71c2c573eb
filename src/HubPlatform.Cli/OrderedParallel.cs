using System.Runtime.CompilerServices;

namespace HubPlatform.Cli;

/// <summary>
/// Runs work on the thread pool a few items ahead and hands the results back in the items' order, so output can stream
/// while every core is busy and memory holds only the window, not every result.
/// </summary>
internal static class OrderedParallel
{
    public static async IAsyncEnumerable<TResult> SelectAsync<TItem, TResult>(
        IEnumerable<TItem> items,
        Func<TItem, CancellationToken, Task<TResult>> work,
        int parallelism,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var window = new Queue<Task<TResult>>();
        try
        {
            foreach (var item in items)
            {
                // Two per worker keeps a worker busy while the reader waits for the oldest result.
                if (window.Count >= parallelism * 2)
                {
                    yield return await window.Dequeue();
                }

                window.Enqueue(Task.Run(() => work(item, stop.Token), stop.Token));
            }

            while (window.Count > 0)
            {
                yield return await window.Dequeue();
            }
        }
        finally
        {
            // The reader stopped early or an item failed: cancel what is still running and let it end, so no work outlives
            // the listing. Their failures are not news; the one that stopped the reader has already been thrown.
            await stop.CancelAsync();
            await ((Task)Task.WhenAll(window)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
