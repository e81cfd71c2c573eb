using HubPlatform.Storage;
using Microsoft.AspNetCore.Antiforgery;

namespace HubPlatform.Mirror.Pages;

/// <summary>
/// Sign-in for the pages: the token a person pastes is kept in an HTTP-only, SameSite=Strict cookie and read by page
/// requests only (the API never looks at cookies, so no other site can make a browser call it with them); forms carry an
/// antiforgery token.
/// </summary>
internal static class Session
{
    /// <summary>The cookie holding the signed-in token.</summary>
    public const string CookieName = "hub_session";

    private const string FormTokenKey = "HubPlatform.Pages.FormToken";

    /// <summary>Makes the cookie's token the caller of a page request that brought no Authorization header.</summary>
    public static async Task SignInFromCookieAsync(HttpContext context)
    {
        if (context.Caller() is not null || context.Request.Cookies[CookieName] is not { Length: > 0 } token)
        {
            return;
        }

        var caller = await context.RequestServices.GetRequiredService<TokenService>().AuthenticateAsync(token, context.RequestAborted);
        if (caller is null)
        {
            // Revoked or unknown: forget it rather than ask for it again on every page.
            context.Response.Cookies.Delete(CookieName);
            return;
        }

        context.SetCaller(caller);
    }

    /// <summary>Whether the request's caller came from the cookie (only then do pages offer to sign out).</summary>
    public static bool FromCookie(HttpContext context) =>
        context.Caller() is not null && context.Request.Headers.Authorization.Count == 0;

    /// <summary>Keeps the cookie for a token that authenticated.</summary>
    public static void SignIn(HttpContext context, string token) =>
        context.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            MaxAge = TimeSpan.FromDays(30),
            IsEssential = true,
        });

    /// <summary>Forgets the cookie.</summary>
    public static void SignOut(HttpContext context) => context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });

    /// <summary>The antiforgery token this response's forms carry (made once per request, with its cookie).</summary>
    public static string FormToken(HttpContext context)
    {
        if (context.Items[FormTokenKey] is string token)
        {
            return token;
        }

        token = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context).RequestToken!;
        context.Items[FormTokenKey] = token;
        return token;
    }

    /// <summary>Whether a form post carries a valid antiforgery token.</summary>
    public static Task<bool> ValidFormAsync(HttpContext context) =>
        context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context);
}
