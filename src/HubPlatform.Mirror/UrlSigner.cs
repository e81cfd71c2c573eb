using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HubPlatform.Mirror;

/// <summary>
/// Signs LFS transfer URLs with HMAC-SHA256, because clients send no token to them. A URL names its purpose, the
/// repository it was made for, the object and an expiry; an unsigned, expired or altered URL is refused.
/// </summary>
internal sealed class UrlSigner(byte[] key, TimeProvider clock)
{
    /// <summary>The query string of a signed URL.</summary>
    public string Sign(string purpose, SignedObject scope, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var repo = scope.RepositoryId.ToString(CultureInfo.InvariantCulture);
        var user = scope.UserId.ToString(CultureInfo.InvariantCulture);
        var length = scope.Size.ToString(CultureInfo.InvariantCulture);
        var expires = clock.GetUtcNow().Add(lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"repo={repo}&user={user}&oid={scope.Oid}&size={length}&exp={expires}&sig={Mac(purpose, repo, user, scope.Oid, length, expires)}";
    }

    /// <summary>What a signed URL grants, or null when its signature or expiry does not hold.</summary>
    public SignedObject? Verify(string purpose, IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        string? repo = query["repo"], user = query["user"], oid = query["oid"], size = query["size"], expires = query["exp"], signature = query["sig"];
        if (repo is null || user is null || oid is null || size is null || expires is null || signature is null
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var exp)
            || exp < clock.GetUtcNow().ToUnixTimeSeconds())
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(Mac(purpose, repo, user, oid, size, expires));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature))
            ? new SignedObject(Number(repo), Number(user), oid, Number(size))
            : null;
    }

    /// <summary>The signing key kept in the data folder (made on first start, readable by the owner only).</summary>
    public static byte[] LoadOrCreateKey(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "signing.key");
        if (File.Exists(path))
        {
            return Convert.FromHexString(File.ReadAllText(path).Trim());
        }

        Directory.CreateDirectory(dataDirectory);
        var key = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(path, Convert.ToHexString(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }

    // Only this server's own digits are ever signed, so a verified field always parses.
    private static long Number(string text) => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private string Mac(string purpose, string repo, string user, string oid, string size, string expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{purpose}|{repo}|{user}|{oid}|{size}|{expires}")));
}

/// <summary>What a signed URL names.</summary>
/// <param name="RepositoryId">The repository row the URL was made for.</param>
/// <param name="UserId">The user it was made for (0 for anonymous downloads).</param>
/// <param name="Oid">The object's sha256, lower-cased.</param>
/// <param name="Size">Its size.</param>
internal sealed record SignedObject(long RepositoryId, long UserId, string Oid, long Size);
