using System.Security.Cryptography;
using System.Text;
using HubPlatform.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace HubPlatform.Storage;

/// <summary>Users, organisations and access tokens. Tokens are stored as sha256 hashes and compared in constant time.</summary>
public sealed class TokenService(HubDbContext db, RowCache rows, TimeProvider clock)
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>Creates a token for a user (made if missing, and added to the given organisations); returns the secret, shown once.</summary>
    public async Task<string> CreateAsync(string userName, string displayName, string role, IEnumerable<string> organizations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organizations);
        if (role is not ("read" or "write"))
        {
            throw new HubProblemException(400, $"Role '{role}' is not read or write.");
        }

        var user = await EnsureAsync(userName, isOrganization: false, cancellationToken);
        foreach (var org in organizations)
        {
            var organization = await EnsureAsync(org, isOrganization: true, cancellationToken);
            if (!await db.Memberships.AnyAsync(m => m.UserId == user.Id && m.OrganizationId == organization.Id, cancellationToken))
            {
                db.Memberships.Add(new MembershipEntity { UserId = user.Id, OrganizationId = organization.Id });
            }
        }

        var secret = "hf_" + RandomNumberGenerator.GetString(Alphabet, 34);
        db.Tokens.Add(new TokenEntity
        {
            UserId = user.Id,
            DisplayName = displayName,
            Role = role,
            Hash = Hash(secret),
            Prefix = secret[..7],
            CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);

        // A new membership changes what the user's other tokens may read.
        rows.Clear();
        return secret;
    }

    /// <summary>The caller a bearer token belongs to, or null for an unknown or revoked token.</summary>
    public async Task<Caller?> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Hash(token);
        return await rows.GetOrLoadAsync(new RowCache.TokenKey(hash), ct => LookUpAsync(hash, ct), cancellationToken, keepNull: false);
    }

    private async Task<Caller?> LookUpAsync(string hash, CancellationToken cancellationToken)
    {
        var row = await db.Tokens.AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash && t.RevokedAt == null, cancellationToken);

        // The lookup went by hash; compare the stored hash in constant time so timing says nothing about near misses.
        if (row is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(row.Hash), Encoding.ASCII.GetBytes(hash)))
        {
            return null;
        }

        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == row.UserId, cancellationToken);
        var orgs = await (from m in db.Memberships
                          join o in db.Users on m.OrganizationId equals o.Id
                          where m.UserId == user.Id
                          select o.Name).ToListAsync(cancellationToken);
        return new Caller(user.Id, user.Name, orgs, row.DisplayName, row.Role, row.CreatedAt);
    }

    /// <summary>One user's tokens, revoked ones included (never their secrets), oldest first.</summary>
    public Task<List<TokenEntity>> ListForUserAsync(long userId, CancellationToken cancellationToken) =>
        db.Tokens.AsNoTracking().Where(t => t.UserId == userId).OrderBy(t => t.Id).ToListAsync(cancellationToken);

    /// <summary>All tokens (never their secrets).</summary>
    public async Task<List<(TokenEntity Token, string User)>> ListAsync(CancellationToken cancellationToken)
    {
        var rows = await (from t in db.Tokens.AsNoTracking()
                          join u in db.Users on t.UserId equals u.Id
                          orderby t.Id
                          select new { t, u.Name }).ToListAsync(cancellationToken);
        return rows.Select(r => (r.t, r.Name)).ToList();
    }

    /// <summary>
    /// Revokes one token by its id, or a user's tokens by name or prefix; returns how many were revoked. A name alone must
    /// belong to one user: names are chosen by their owners, so two users may have picked the same one.
    /// </summary>
    /// <exception cref="HubProblemException">409 when a name or prefix matches tokens of several users and no user is given.</exception>
    public async Task<int> RevokeAsync(string idOrName, string? userName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrName);
        var matches = long.TryParse(idOrName, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? db.Tokens.Where(t => t.Id == id)
            : db.Tokens.Where(t => t.DisplayName == idOrName || t.Prefix == idOrName);
        var found = await (from t in matches.Where(t => t.RevokedAt == null)
                           join u in db.Users on t.UserId equals u.Id
                           select new { Token = t, u.Name, u.NameLower }).ToListAsync(cancellationToken);
        if (userName is not null)
        {
            found = [.. found.Where(f => f.NameLower == userName.ToLowerInvariant())];
        }

        var owners = found.Select(f => f.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (owners.Count > 1)
        {
            throw new HubProblemException(409, $"'{idOrName}' names tokens of {owners.Count} users ({string.Join(", ", owners)}); give the user or the token's id.");
        }

        var now = clock.GetUtcNow();
        foreach (var match in found)
        {
            match.Token.RevokedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        rows.Clear();
        return found.Count;
    }

    /// <summary>The user or organisation with this name, created if missing.</summary>
    public async Task<UserEntity> EnsureAsync(string name, bool isOrganization, CancellationToken cancellationToken)
    {
        if (!Hub.RepoId.TryParse(name, out var parsed) || parsed.Namespace is not null)
        {
            throw new HubProblemException(400, $"'{name}' is not a valid user or organisation name.");
        }

        var lower = name.ToLowerInvariant();
        var existing = await db.Users.FirstOrDefaultAsync(u => u.NameLower == lower, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var user = new UserEntity
        {
            ObjectId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            Name = name,
            NameLower = lower,
            IsOrganization = isOrganization,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
