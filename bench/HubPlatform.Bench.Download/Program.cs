using System.Diagnostics;
using System.Globalization;
using HubPlatform.Client;
using HubPlatform.Hub;

// Downloads one file through HubClient into a fresh cache and prints "seconds peak_rss_bytes".
// Usage: HubPlatform.Bench.Download ENDPOINT REPO PATH CACHE_DIR
if (args.Length != 4)
{
    await Console.Error.WriteLineAsync("usage: HubPlatform.Bench.Download ENDPOINT REPO PATH CACHE_DIR");
    return 2;
}

using var client = HubClient.Create(new HubClientOptions
{
    Endpoint = new Uri(args[0]),
    CacheDirectory = args[3],
    Token = null,
});
var watch = Stopwatch.StartNew();
var path = await client.Files.DownloadFileAsync(RepoId.Parse(args[1]), args[2]);
watch.Stop();
var length = ((FileInfo?)new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true) ?? new FileInfo(path)).Length;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalSeconds:0.000} {PeakRss()} {length}"));
return 0;

// VmHWM is the resident set's high-water mark for the whole process.
static long PeakRss()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
        {
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
    }

    return -1;
}
