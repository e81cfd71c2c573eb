using System.Collections.Concurrent;
using HubPlatform.Client;
using HubPlatform.Client.Errors;
using HubPlatform.Hub;
using HubPlatform.Storage;
using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Extensions.Options;

namespace HubPlatform.Mirror;

/// <summary>
/// Pull-through: when a client reads a repository the mirror lacks, its branches and tags are synced from the upstream
/// (with the mirror's own token) before the request is answered. When the upstream cannot be reached, or the mirror is
/// offline, a missing repository is a 504, never a 404, so clients keep falling back to their caches.
/// </summary>
public sealed class PullThrough : IDisposable
{
    private readonly MirrorOptions _options;
    private readonly HubClient? _upstream;
    private readonly Matcher? _allow;
    private readonly Matcher? _deny;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.OrdinalIgnoreCase);

    public PullThrough(IOptions<MirrorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        if (!string.IsNullOrEmpty(_options.UpstreamUrl))
        {
            _upstream = HubClient.Create(new HubClientOptions
            {
                Endpoint = new Uri(_options.UpstreamUrl),
                Token = _options.UpstreamToken,
                MaxRetries = 1,
                RetryBaseDelay = TimeSpan.FromMilliseconds(200),
                RequestTimeout = TimeSpan.FromSeconds(10),
            });
        }

        _allow = Build(_options.UpstreamAllow);
        _deny = Build(_options.UpstreamDeny);
    }

    /// <summary>Whether requests for missing repositories go upstream (or must answer 504 when offline).</summary>
    public bool Enabled => _upstream is not null || _options.Offline;

    /// <summary>Tries to pull a repository; returns false when upstream says it does not exist or the rules forbid it.</summary>
    /// <exception cref="HubProblemException">504 when offline or the upstream cannot be reached.</exception>
    public async Task<bool> TryPullAsync(IServiceProvider services, RepoType type, RepoId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(id);
        var name = id.ToString();
        if ((_allow is not null && !_allow.Match(name).HasMatches) || (_deny is not null && _deny.Match(name).HasMatches))
        {
            return false;
        }

        if (_options.Offline || _upstream is null)
        {
            throw new HubProblemException(504, $"{name} is not mirrored here and the mirror is offline.");
        }

        var gate = _gates.GetOrAdd($"{type}/{name}", _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var repos = services.GetRequiredService<RepositoryService>();
            if (await repos.FindAsync(type, id, cancellationToken) is not null)
            {
                return true;
            }

            await services.GetRequiredService<MirrorSync>().SyncAsync(_upstream, type, id, null, cancellationToken);
            return true;
        }
        catch (RepositoryNotFoundException)
        {
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or HubHttpException or TimeoutException or Polly.Timeout.TimeoutRejectedException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new HubProblemException(504, $"The upstream could not provide {name} ({e.Message}); try again later.");
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        _upstream?.Dispose();
        foreach (var gate in _gates.Values)
        {
            gate.Dispose();
        }
    }

    private static Matcher? Build(IList<string> patterns)
    {
        if (patterns.Count == 0)
        {
            return null;
        }

        var matcher = new Matcher(StringComparison.OrdinalIgnoreCase);
        matcher.AddIncludePatterns(patterns);
        return matcher;
    }
}
