using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HubPlatform.Mirror;

/// <summary>
/// Signs upload URLs with HMAC-SHA256 and an expiry, because clients send no token to LFS upload URLs.
/// An unsigned, expired or altered URL is refused.
/// </summary>
internal sealed class UrlSigner(byte[] key, TimeProvider clock)
{
    public string Sign(string purpose, string oid, long size, TimeSpan lifetime)
    {
        var expires = clock.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        var payload = $"{purpose}|{oid}|{size.ToString(CultureInfo.InvariantCulture)}|{expires.ToString(CultureInfo.InvariantCulture)}";
        return $"oid={oid}&size={size.ToString(CultureInfo.InvariantCulture)}&exp={expires.ToString(CultureInfo.InvariantCulture)}&sig={Mac(payload)}";
    }

    public bool Verify(string purpose, string? oid, string? size, string? expires, string? signature)
    {
        if (oid is null || size is null || expires is null || signature is null
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var exp)
            || exp < clock.GetUtcNow().ToUnixTimeSeconds())
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Mac($"{purpose}|{oid}|{size}|{expires}"));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
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

    private string Mac(string payload) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload)));
}
