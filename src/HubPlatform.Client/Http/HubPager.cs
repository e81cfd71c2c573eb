using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using Refit;

namespace HubPlatform.Client.Http;

/// <summary>Yields the items of a paged listing: the first page from Refit, then each <c>Link: rel="next"</c> page until there is none.</summary>
internal static class HubPager
{
    public static async IAsyncEnumerable<T> PagesAsync<T>(
        HttpClient http,
        Func<CancellationToken, Task<IApiResponse<List<T>>>> firstPage,
        JsonTypeInfo<List<T>> typeInfo,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Uri? next;
        using (var first = await RefitCalls.Run(firstPage(cancellationToken)))
        {
            if (first.Error is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(RefitCalls.Unwrap(first.Error));
            }

            foreach (var item in first.Content ?? [])
            {
                yield return item;
            }

            next = first.Headers is { } headers ? LinkHeader.Next(headers, first.RequestMessage?.RequestUri) : null;
        }

        var seen = new HashSet<Uri>();
        while (next is not null && seen.Add(next))
        {
            cancellationToken.ThrowIfCancellationRequested();
            List<T>? items;
            Uri? following;
            using (var response = await http.GetAsync(next, HttpCompletionOption.ResponseHeadersRead, cancellationToken))
            {
                items = await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken);
                following = LinkHeader.Next(response.Headers, next);
            }

            foreach (var item in items ?? [])
            {
                yield return item;
            }

            next = following;
        }
    }
}
