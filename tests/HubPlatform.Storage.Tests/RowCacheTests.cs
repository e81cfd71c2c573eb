using Microsoft.Extensions.Options;

namespace HubPlatform.Storage.Tests;

public sealed class RowCacheTests
{
    [Fact]
    public async Task RowCache_keeps_a_loaded_value_until_it_is_removed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cache = new RowCache(Options.Create(new StorageOptions()));
        var loads = 0;
        Task<string?> Load(CancellationToken _) => Task.FromResult<string?>("v" + ++loads);

        Assert.Equal("v1", await cache.GetOrLoadAsync("k", Load, ct));
        Assert.Equal("v1", await cache.GetOrLoadAsync("k", Load, ct));
        cache.Remove("k");
        Assert.Equal("v2", await cache.GetOrLoadAsync("k", Load, ct));
        cache.Clear();
        Assert.Equal("v3", await cache.GetOrLoadAsync("k", Load, ct));
    }

    [Fact]
    public async Task RowCache_does_not_keep_a_value_loaded_while_a_removal_happened()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cache = new RowCache(Options.Create(new StorageOptions()));

        // The load read the old row; the writer committed and removed the key before the load finished.
        Assert.Equal("old", await cache.GetOrLoadAsync("k", _ =>
        {
            cache.Remove("k");
            return Task.FromResult<string?>("old");
        }, ct));
        Assert.Equal("new", await cache.GetOrLoadAsync("k", _ => Task.FromResult<string?>("new"), ct));
    }

    [Fact]
    public async Task RowCache_keeps_absence_unless_told_not_to_and_keeps_nothing_when_its_lifetime_is_zero()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cache = new RowCache(Options.Create(new StorageOptions()));
        Assert.Null(await cache.GetOrLoadAsync<string>("missing", _ => Task.FromResult<string?>(null), ct));
        Assert.Null(await cache.GetOrLoadAsync("missing", _ => Task.FromResult<string?>("appeared"), ct));
        Assert.Null(await cache.GetOrLoadAsync<string>("token", _ => Task.FromResult<string?>(null), ct, keepNull: false));
        Assert.Equal("valid", await cache.GetOrLoadAsync("token", _ => Task.FromResult<string?>("valid"), ct, keepNull: false));

        using var off = new RowCache(Options.Create(new StorageOptions { RowCacheSeconds = 0 }));
        Assert.Equal("a", await off.GetOrLoadAsync("k", _ => Task.FromResult<string?>("a"), ct));
        Assert.Equal("b", await off.GetOrLoadAsync("k", _ => Task.FromResult<string?>("b"), ct));
    }
}
