using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HubPlatform.Hub.Api;

namespace HubPlatform.Client.Errors;

/// <summary>
/// Turns an error response into the typed exception <c>huggingface_hub</c> would raise for it (see its <c>hf_raise_for_status</c>):
/// the error code header first, then the status and the kind of URL.
/// </summary>
internal static class HubErrorMapper
{
    private const int MaxBodyChars = 64 * 1024;

    public static async Task<HubHttpException> CreateAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var details = new HubErrorDetails(
            response.StatusCode,
            Header(response.Headers, HubHeaders.ErrorCode),
            Header(response.Headers, HubHeaders.ErrorMessage) ?? await ReadBodyMessageAsync(response, cancellationToken),
            Header(response.Headers, HubHeaders.RequestId) ?? Header(response.Headers, HubHeaders.AmznTraceId) ?? Header(response.Headers, "X-Amz-Cf-Id"),
            Header(response.Headers, HubHeaders.RepoCommit),
            response.RequestMessage?.RequestUri);
        return Create(details);
    }

    public static HubHttpException Create(HubErrorDetails details)
    {
        var message = Describe(details);
        var status = details.StatusCode;
        var path = details.RequestUri?.AbsolutePath ?? string.Empty;
        var invalidCredentials = details.ServerMessage?.Contains(HubErrorCodes.InvalidCredentialsMessage, StringComparison.OrdinalIgnoreCase) == true;

        return details.ErrorCode switch
        {
            HubErrorCodes.RevisionNotFound => new RevisionNotFoundException(message, details),
            HubErrorCodes.EntryNotFound => new EntryNotFoundException(message, details),
            HubErrorCodes.GatedRepo => new GatedRepoException(message, details),
            HubErrorCodes.RepoNotFound => new RepositoryNotFoundException(message, details),
            _ when string.Equals(details.ServerMessage, HubErrorCodes.DisabledMessage, StringComparison.Ordinal) => new DisabledRepoException(message, details),
            _ when status == HttpStatusCode.Unauthorized && invalidCredentials => new HubUnauthorizedException(message, details),
            _ when status == HttpStatusCode.Unauthorized && IsRepoScoped(path) => new RepositoryNotFoundException(message, details),
            _ when status == HttpStatusCode.Unauthorized => new HubUnauthorizedException(message, details),
            _ when status is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity => new HubBadRequestException(message, details),
            _ => new HubHttpException(message, details),
        };
    }

    private static bool IsRepoScoped(string path) =>
        path.StartsWith("/api/models/", StringComparison.Ordinal)
        || path.StartsWith("/api/datasets/", StringComparison.Ordinal)
        || path.StartsWith("/api/spaces/", StringComparison.Ordinal)
        || path.Contains("/resolve/", StringComparison.Ordinal);

    private static string Describe(HubErrorDetails d)
    {
        var text = new StringBuilder();
        text.Append((int)d.StatusCode).Append(' ').Append(d.StatusCode);
        if (d.ErrorCode is not null)
        {
            text.Append(" (").Append(d.ErrorCode).Append(')');
        }

        if (d.RequestUri is not null)
        {
            text.Append(" for ").Append(d.RequestUri.GetLeftPart(UriPartial.Path));
        }

        if (!string.IsNullOrWhiteSpace(d.ServerMessage))
        {
            text.Append(": ").Append(d.ServerMessage.ReplaceLineEndings(" ").Trim());
        }

        if (d.RequestId is not null)
        {
            text.Append(" (Request ID: ").Append(d.RequestId).Append(')');
        }

        return text.ToString();
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static async Task<string?> ReadBodyMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.RequestMessage?.Method == HttpMethod.Head)
        {
            return null;
        }

        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }

        if (body.Length > MaxBodyChars)
        {
            body = body[..MaxBodyChars];
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        if (mediaType.Contains("json", StringComparison.OrdinalIgnoreCase) || body.TrimStart().StartsWith('{'))
        {
            try
            {
                var parsed = JsonSerializer.Deserialize(body, HubJsonContext.Default.ErrorBody);
                var fromJson = parsed?.Error switch
                {
                    { ValueKind: JsonValueKind.String } e => e.GetString(),
                    { ValueKind: JsonValueKind.Array } e => string.Join("; ", e.EnumerateArray().Select(x => x.ToString())),
                    _ => null,
                } ?? parsed?.Message ?? parsed?.ErrorDescription;
                if (fromJson is not null)
                {
                    return fromJson;
                }
            }
            catch (JsonException)
            {
                // Not the Hub's error shape: fall through to the raw text.
            }
        }

        return mediaType.Contains("html", StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(body) ? null : body.Trim();
    }
}
