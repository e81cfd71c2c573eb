namespace HubPlatform.Storage;

/// <summary>Who is calling: a user with a token, and the namespaces they may write to.</summary>
/// <param name="UserId">The user's row.</param>
/// <param name="Name">The user name.</param>
/// <param name="Organizations">Organisations the user belongs to.</param>
/// <param name="TokenName">The token's display name.</param>
/// <param name="Role"><c>read</c> or <c>write</c>.</param>
/// <param name="TokenCreatedAt">When the token was made.</param>
public sealed record Caller(long UserId, string Name, IReadOnlyList<string> Organizations, string TokenName, string Role, DateTimeOffset TokenCreatedAt)
{
    /// <summary>The namespaces whose private repositories the caller may see, lower-cased and sorted (as the id columns are stored).</summary>
    public IReadOnlyList<string> ReadableNamespaces { get; } =
        [.. Organizations.Append(Name).Select(n => n.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Whether the caller may see private repositories of a namespace.</summary>
    public bool CanRead(string @namespace) =>
        string.Equals(@namespace, Name, StringComparison.OrdinalIgnoreCase) || Organizations.Contains(@namespace, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the caller may write to a namespace.</summary>
    public bool CanWrite(string @namespace) => Role == "write" && CanRead(@namespace);
}
