using System.Runtime.CompilerServices;

namespace HubPlatform.Client;

/// <summary>The Hub treats <c>limit</c> as page size and overall cap; the pager follows pages, so the cap is applied here.</summary>
internal static class RepoListing
{
    public static async IAsyncEnumerable<T> Capped<T>(IAsyncEnumerable<T> source, int? limit, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var count = 0;
        await foreach (var item in source.WithCancellation(cancellationToken))
        {
            if (limit is { } max && count >= max)
            {
                yield break;
            }

            count++;
            yield return item;
        }
    }
}
