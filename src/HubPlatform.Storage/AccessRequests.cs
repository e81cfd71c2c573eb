using HubPlatform.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace HubPlatform.Storage;

/// <summary>
/// Access to the files of gated repositories: users ask, owners accept, reject or grant. A repository gated
/// <c>auto</c> accepts every request at once. The owner and members of the owning organisation never need a request.
/// </summary>
public sealed class AccessRequests(HubDbContext db, TimeProvider clock)
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";

    /// <summary>Whether the caller may read the files of a repository as far as its gate goes (true for ungated ones).</summary>
    public async Task<bool> PassesGateAsync(RepositoryEntity repo, Caller? caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        if (repo.Gated is "false" || caller?.CanRead(repo.Namespace) == true)
        {
            return true;
        }

        return caller is not null
            && await db.AccessRequests.AnyAsync(a => a.RepositoryId == repo.Id && a.UserId == caller.UserId && a.Status == Accepted, cancellationToken);
    }

    /// <summary>
    /// A user asks for access, with the answers to the card's gate form; accepted at once when the repository is gated
    /// <c>auto</c>. Asking again changes nothing once answered. Returns the request's status.
    /// </summary>
    public async Task<string> AskAsync(RepositoryEntity repo, Caller caller, string? fieldsJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(caller);
        if (repo.Gated is "false")
        {
            throw new HubProblemException(400, $"{repo.Namespace}/{repo.Name} is not gated; its files need no access request.");
        }

        var existing = await db.AccessRequests.FirstOrDefaultAsync(a => a.RepositoryId == repo.Id && a.UserId == caller.UserId, cancellationToken);
        if (existing is not null)
        {
            return existing.Status;
        }

        var status = repo.Gated == "auto" ? Accepted : Pending;
        db.AccessRequests.Add(new AccessRequestEntity { RepositoryId = repo.Id, UserId = caller.UserId, Status = status, Timestamp = clock.GetUtcNow(), FieldsJson = fieldsJson });
        await db.SaveChangesAsync(cancellationToken);
        return status;
    }

    /// <summary>One page of a repository's requests in one status, oldest first, with the users who made them.</summary>
    public async Task<List<(AccessRequestEntity Request, UserEntity User)>> ListAsync(RepositoryEntity repo, string status, int skip, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var rows = await db.AccessRequests.AsNoTracking().Where(a => a.RepositoryId == repo.Id && a.Status == status)
            .OrderBy(a => a.Timestamp).ThenBy(a => a.UserId).Skip(skip).Take(take)
            .Join(db.Users.AsNoTracking(), a => a.UserId, u => u.Id, (a, u) => new { a, u })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.a, r.u))];
    }

    /// <summary>Sets a user's request to <paramref name="status"/> (pending again cancels an answer); 404 when the user made none.</summary>
    public async Task HandleAsync(RepositoryEntity repo, string userName, string status, string? rejectionReason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        if (status is not (Pending or Accepted or Rejected))
        {
            throw new HubProblemException(400, $"status must be pending, accepted or rejected, not '{status}'.");
        }

        var user = await UserAsync(userName, cancellationToken);
        var request = await db.AccessRequests.FirstOrDefaultAsync(a => a.RepositoryId == repo.Id && a.UserId == user.Id, cancellationToken)
            ?? throw new HubProblemException(404, $"{user.Name} has not asked for access to {repo.Namespace}/{repo.Name}.");
        request.Status = status;
        request.RejectionReason = status == Rejected ? rejectionReason : null;
        request.Timestamp = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Gives a user access without a request; 409 when the user already has one.</summary>
    public async Task GrantAsync(RepositoryEntity repo, string userName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var user = await UserAsync(userName, cancellationToken);
        if (await db.AccessRequests.AnyAsync(a => a.RepositoryId == repo.Id && a.UserId == user.Id, cancellationToken))
        {
            throw new HubProblemException(409, $"{user.Name} already has an access request for {repo.Namespace}/{repo.Name}; accept it instead.");
        }

        db.AccessRequests.Add(new AccessRequestEntity { RepositoryId = repo.Id, UserId = user.Id, Status = Accepted, Timestamp = clock.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<UserEntity> UserAsync(string userName, CancellationToken cancellationToken)
    {
        var lower = userName.ToLowerInvariant();
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NameLower == lower && !u.IsOrganization, cancellationToken)
            ?? throw new HubProblemException(404, $"There is no user '{userName}'.");
    }
}
