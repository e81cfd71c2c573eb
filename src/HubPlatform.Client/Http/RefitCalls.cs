using System.Runtime.ExceptionServices;
using Refit;

namespace HubPlatform.Client.Http;

/// <summary>
/// Refit wraps whatever the handler pipeline throws in <see cref="ApiRequestException"/>; callers of this library should
/// see the typed Hub exception (or the network error) itself, as the handlers raised it.
/// </summary>
internal static class RefitCalls
{
    public static async Task<T> Run<T>(Task<T> call)
    {
        try
        {
            return await call;
        }
        catch (ApiRequestException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    public static Exception Unwrap(Exception e) => e is ApiRequestException { InnerException: { } inner } ? inner : e;
}
