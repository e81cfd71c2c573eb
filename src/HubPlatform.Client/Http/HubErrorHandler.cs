using HubPlatform.Client.Errors;

namespace HubPlatform.Client.Http;

/// <summary>The outermost handler: after retries are spent, an error status becomes the typed exception for it.</summary>
internal sealed class HubErrorHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if ((int)response.StatusCode < 400
            || (request.Options.TryGetValue(HubRequestOptions.AllowErrorStatus, out var allow) && allow))
        {
            return response;
        }

        using (response)
        {
            throw await HubErrorMapper.CreateAsync(response, cancellationToken);
        }
    }
}
