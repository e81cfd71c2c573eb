using System.Buffers;
using System.Collections.Concurrent;
using HubPlatform.Client;
using HubPlatform.Client.Errors;
using HubPlatform.Hub;
using HubPlatform.Storage;
using HubPlatform.Storage.Entities;
using HubPlatform.Storage.Trees;
using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Extensions.Options;

namespace HubPlatform.Mirror;

/// <summary>
/// Pull-through from an upstream Hub, with the mirror's own token (never the client's). A repository the mirror lacks is
/// copied on first request: its branches' and tags' head commits with every file listed, regular files fetched, LFS files
/// only recorded. An LFS file is fetched when a client first asks for it and sent to that client while it is stored and
/// checked (a client that goes away does not stop the copy); pulled files are evicted least recently used first when their
/// total passes the limit, and fetched again when next asked for. A pulled repository's refs are compared with upstream's
/// at most once per refresh interval. When the upstream is slow, down, or the mirror is offline, what is stored is served
/// however old, and what is not is a 504, never a 404, so clients keep falling back to their caches.
/// </summary>
public sealed class PullThrough : IDisposable
{
    private const int CopyBufferBytes = 1 << 20;
    private readonly MirrorOptions _options;
    private readonly HubClient? _upstream;
    private readonly Matcher? _allow;
    private readonly Matcher? _deny;
    private readonly TimeProvider _clock;
    private readonly CancellationToken _stopping;
    private readonly ILogger<PullThrough> _logger;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, InFlightBlob> _inFlight = new(StringComparer.OrdinalIgnoreCase);

    public PullThrough(IOptions<MirrorOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<PullThrough> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(lifetime);
        _options = options.Value;
        _clock = clock;
        _stopping = lifetime.ApplicationStopping;
        _logger = logger;
        if (!string.IsNullOrEmpty(_options.UpstreamUrl))
        {
            _upstream = HubClient.Create(new HubClientOptions
            {
                Endpoint = new Uri(_options.UpstreamUrl),
                Token = _options.UpstreamToken,
                MaxRetries = 1,
                RetryBaseDelay = TimeSpan.FromMilliseconds(200),
                RequestTimeout = _options.UpstreamTimeout,
            });
        }

        _allow = Build(_options.UpstreamAllow);
        _deny = Build(_options.UpstreamDeny);
    }

    /// <summary>Whether requests for missing repositories go upstream (or must answer 504 when offline).</summary>
    public bool Enabled => _upstream is not null || _options.Offline;

    private bool Online => _upstream is not null && !_options.Offline;

    /// <summary>Tries to pull a repository; returns false when upstream says it does not exist or the rules forbid it.</summary>
    /// <exception cref="HubProblemException">504 when offline or the upstream cannot be reached.</exception>
    public async Task<bool> TryPullAsync(IServiceProvider services, RepoType type, RepoId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(id);
        var name = id.ToString();
        if (!Allowed(name))
        {
            return false;
        }

        if (!Online)
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

            await services.GetRequiredService<MirrorSync>().SyncAsync(_upstream!, type, id, null, cancellationToken, new SyncOptions { Pull = true, Depth = 1 });
            return true;
        }
        catch (RepositoryNotFoundException)
        {
            return false;
        }
        catch (Exception e) when (IsUpstreamFailure(e, cancellationToken))
        {
            throw new HubProblemException(504, $"The upstream could not provide {name} ({e.Message}); try again later.");
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Brings a pulled repository's refs up to date when they were last compared longer than the refresh interval ago (or
    /// always, with <paramref name="force"/>). Failures are logged and the stored state stays: a slow or dead upstream
    /// never stops the mirror answering from what it has, and is not asked again before the interval has passed.
    /// </summary>
    public async Task RefreshAsync(IServiceProvider services, RepositoryEntity repo, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(repo);
        var now = _clock.GetUtcNow();
        if (!repo.FromUpstream || !Online || (!force && repo.UpstreamCheckedAt is { } at && now - at < _options.UpstreamRefreshInterval))
        {
            return;
        }

        var type = RepoTypeExtensions.Parse(repo.Type);
        var id = RepoId.Parse($"{repo.Namespace}/{repo.Name}");
        var gate = _gates.GetOrAdd($"{type}/{id}", _ => new SemaphoreSlim(1, 1));

        // Somebody else is refreshing: answer from what is stored rather than queue behind them.
        if (!await gate.WaitAsync(force ? _options.UpstreamTimeout : TimeSpan.Zero, cancellationToken))
        {
            return;
        }

        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(_options.UpstreamTimeout);
            await services.GetRequiredService<MirrorSync>().SyncAsync(_upstream!, type, id, null, limit.Token, new SyncOptions { Pull = true, Depth = 1 });
        }
        catch (Exception e) when (e is HubException or HubProblemException || IsUpstreamFailure(e, cancellationToken))
        {
            _logger.LogWarning("Could not refresh {Repo} from upstream; serving what is stored: {Reason}", id, e.Message);
            await services.GetRequiredService<RepositoryService>().MarkUpstreamCheckedAsync(repo, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Copies one commit of a pulled repository that a client names by id and the mirror lacks.</summary>
    public async Task PullCommitAsync(IServiceProvider services, RepositoryEntity repo, string commitId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(repo);
        if (!repo.FromUpstream || !Online)
        {
            return;
        }

        try
        {
            var id = RepoId.Parse($"{repo.Namespace}/{repo.Name}");
            await services.GetRequiredService<MirrorSync>().SyncAsync(_upstream!, RepoTypeExtensions.Parse(repo.Type), id, Revision.Parse(commitId), cancellationToken, new SyncOptions { Pull = true, Depth = 1 });
        }
        catch (Exception e) when (e is RevisionNotFoundException or EntryNotFoundException)
        {
            // Upstream does not know it either: the caller answers 404.
        }
        catch (Exception e) when (e is HubException || IsUpstreamFailure(e, cancellationToken))
        {
            throw new HubProblemException(504, $"The upstream could not provide commit {commitId} ({e.Message}); try again later.");
        }
    }

    /// <summary>Opens a pulled file's bytes at upstream; 504 when that cannot be done now.</summary>
    public async Task<Stream> OpenAsync(RepositoryEntity repo, string commitId, RepoFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(file);
        if (!Online)
        {
            throw new HubProblemException(504, $"'{file.Path}' is not stored here and the mirror is offline.");
        }

        try
        {
            var id = RepoId.Parse($"{repo.Namespace}/{repo.Name}");
            return await _upstream!.Files.OpenReadAsync(id, file.Path, Revision.Parse(commitId), RepoTypeExtensions.Parse(repo.Type), cancellationToken);
        }
        catch (Exception e) when (e is HubException || IsUpstreamFailure(e, cancellationToken))
        {
            throw new HubProblemException(504, $"The upstream could not provide '{file.Path}' ({e.Message}); try again later.");
        }
    }

    /// <summary>
    /// Sends upstream's bytes to the client while storing them, checks size and sha256, and records the blob in the
    /// pull-through cache (evicting others when over the limit). The last piece is held back until the check passes, so
    /// a client never receives a whole file with wrong bytes: on a mismatch nothing is stored and its connection is cut.
    /// A client that goes away does not stop the copy.
    /// </summary>
    public async Task CopyAsync(HttpContext context, Stream upstreamBytes, RepoFile file)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(upstreamBytes);
        ArgumentNullException.ThrowIfNull(file);
        var blobs = context.RequestServices.GetRequiredService<IBlobStore>();
        var clientGone = context.RequestAborted.IsCancellationRequested;
        var current = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        var held = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        var heldLength = 0;

        async Task SendAsync(byte[] bytes, int length)
        {
            if (clientGone || length == 0)
            {
                return;
            }

            try
            {
                await context.Response.Body.WriteAsync(bytes.AsMemory(0, length), context.RequestAborted);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                clientGone = true;
            }
        }

        InFlightBlob? flight = null;
        var stored = false;
        try
        {
            await using (upstreamBytes)
            await using (var writer = blobs.BeginWrite())
            {
                // Other requests for this file now read it from here as it grows, instead of fetching it again.
                flight = new InFlightBlob(writer.TemporaryPath);
                if (!_inFlight.TryAdd(file.Sha256, flight))
                {
                    flight = null;
                }

                int read;
                while ((read = await upstreamBytes.ReadAtLeastAsync(current.AsMemory(0, CopyBufferBytes), CopyBufferBytes, throwOnEndOfStream: false, _stopping)) > 0)
                {
                    if (writer.Length + read > file.Size)
                    {
                        throw new BlobMismatchException($"upstream sent more than the {file.Size} bytes of '{file.Path}'");
                    }

                    await writer.WriteAsync(current.AsMemory(0, read), _stopping);
                    await SendAsync(held, heldLength);
                    flight?.Advance(writer.Length - read);
                    (current, held, heldLength) = (held, current, read);
                }

                await writer.CommitAsync(file.Sha256, file.Size, _stopping);
            }

            await StoredAsync(context.RequestServices, file.Sha256);
            stored = true;

            // Followers may have the rest at once; the first client gets its held-back piece just after.
            flight?.Finish(stored: true, file.Size);
            await SendAsync(held, heldLength);
        }
        catch (Exception e) when (e is BlobMismatchException or HttpRequestException or IOException)
        {
            _logger.LogError("Pull-through of '{Path}' ({Sha}) failed, nothing stored: {Reason}", file.Path, file.Sha256, e.Message);
            context.Abort();
        }
        finally
        {
            if (flight is not null)
            {
                if (!stored)
                {
                    flight.Finish(stored: false, file.Size);
                }

                _inFlight.TryRemove(new KeyValuePair<string, InFlightBlob>(file.Sha256, flight));
            }

            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(held);
        }
    }

    /// <summary>
    /// Opens the bytes of a file another request is fetching from upstream right now, or null when none is (or its file is
    /// already gone, in which case it is in the store or failed).
    /// </summary>
    internal (InFlightBlob Flight, FileStream Bytes)? TryJoin(string sha256)
    {
        if (!_inFlight.TryGetValue(sha256, out var flight) || flight.Failed)
        {
            return null;
        }

        try
        {
            return (flight, new FileStream(flight.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Sends a file another request is fetching, as its checked bytes become available; if that fetch fails, this client's
    /// connection is cut too, so it never keeps a wrong file.
    /// </summary>
    internal async Task FollowAsync(HttpContext context, InFlightBlob flight, FileStream bytes, long size)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(flight);
        ArgumentNullException.ThrowIfNull(bytes);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            await using (bytes)
            {
                long sent = 0;
                while (sent < size)
                {
                    var changed = flight.Changed;
                    if (flight.Failed)
                    {
                        context.Abort();
                        return;
                    }

                    var available = flight.Available;
                    if (sent >= available)
                    {
                        await changed.WaitAsync(context.RequestAborted);
                        continue;
                    }

                    var read = await bytes.ReadAsync(buffer.AsMemory(0, (int)Math.Min(CopyBufferBytes, available - sent)), context.RequestAborted);
                    if (read == 0)
                    {
                        throw new IOException("The file being fetched ended early.");
                    }

                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                    sent += read;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Fetches a pulled file into the store without sending it (for ranges and conditional requests).</summary>
    public async Task FillAsync(IServiceProvider services, RepositoryEntity repo, string commitId, RepoFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(file);
        var gate = _gates.GetOrAdd("blob/" + file.Sha256, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var blobs = services.GetRequiredService<IBlobStore>();
            if (blobs.Exists(file.Sha256))
            {
                return;
            }

            await using var source = await OpenAsync(repo, commitId, file, cancellationToken);
            try
            {
                await blobs.WriteAsync(source, file.Sha256, file.Size, file.Size, cancellationToken);
            }
            catch (BlobMismatchException e)
            {
                throw new HubProblemException(502, $"Upstream sent bad bytes for '{file.Path}': {e.Message}");
            }
            catch (Exception e) when (IsUpstreamFailure(e, cancellationToken))
            {
                throw new HubProblemException(504, $"The upstream could not provide '{file.Path}' ({e.Message}); try again later.");
            }

            await StoredAsync(services, file.Sha256);
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

    private async Task StoredAsync(IServiceProvider services, string sha256)
    {
        var cache = services.GetRequiredService<PulledBlobCache>();
        await cache.StoredAsync(sha256, _stopping);
        if (_options.PullCacheLimitBytes > 0)
        {
            var evicted = await cache.EvictAsync(_options.PullCacheLimitBytes, sha256, _stopping);
            if (evicted > 0)
            {
                _logger.LogInformation("Evicted {Count} least recently used pulled files to stay under {Limit} bytes", evicted, _options.PullCacheLimitBytes);
            }
        }
    }

    private bool Allowed(string name) =>
        (_allow is null || _allow.Match(name).HasMatches) && (_deny is null || !_deny.Match(name).HasMatches);

    private static bool IsUpstreamFailure(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or HubHttpException or TimeoutException or Polly.Timeout.TimeoutRejectedException or IOException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

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
