using HubPlatform.Client.Api;
using System.Runtime.CompilerServices;

namespace HubPlatform.Client;

/// <summary>The Hub treats <c>limit</c> as page size and overall cap; the pager follows pages, so the cap is applied here.</summary>
internal static class RepoListing
{
    public static void Check(RepoListQuery? query)
    {
        if (query is { Full: true, Expand.Count: > 0 })
        {
            throw new ArgumentException("'expand' cannot be combined with 'full': the Hub refuses it.", nameof(query));
        }
    }

    public static async IAsyncEnumerable<T> Capped<T>(IAsyncEnumerable<T> source, int? limit, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (limit is <= 0)
        {
            yield break;
        }

        var count = 0;
        await foreach (var item in source.WithCancellation(cancellationToken))
        {
            yield return item;

            // Stop before the pager asks for a page nobody will read.
            if (limit is { } max && ++count >= max)
            {
                yield break;
            }
        }
    }
}
