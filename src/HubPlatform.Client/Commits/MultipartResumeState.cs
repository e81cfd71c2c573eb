using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HubPlatform.Client.Commits;

/// <summary>
/// The parts of one multipart upload that the server already acknowledged, kept on disk
/// (<see cref="HubClientOptions.UploadStateDirectory"/>) so that an upload run again after an interruption sends only the
/// parts it still lacks. A record is keyed by endpoint, object, size and part size, written atomically after every part,
/// and removed once the object is complete.
/// </summary>
internal sealed class MultipartResumeState
{
    private readonly string _path;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, string> _etags;

    private MultipartResumeState(string path, Dictionary<int, string> etags)
    {
        _path = path;
        _etags = etags;
    }

    /// <summary>ETags of parts already acknowledged, by part number.</summary>
    public IReadOnlyDictionary<int, string> Known
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<int, string>(_etags);
            }
        }
    }

    public static MultipartResumeState Load(string directory, Uri endpoint, string oid, long size, long chunkSize)
    {
        var key = $"{endpoint.AbsoluteUri.TrimEnd('/')}\n{oid.ToLowerInvariant()}\n{size.ToString(CultureInfo.InvariantCulture)}\n{chunkSize.ToString(CultureInfo.InvariantCulture)}";
        var path = Path.Combine(directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))) + ".json");
        var etags = new Dictionary<int, string>();
        try
        {
            if (File.Exists(path) && JsonNode.Parse(File.ReadAllText(path))?["parts"] is JsonObject parts)
            {
                foreach (var (number, etag) in parts)
                {
                    if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && etag?.GetValueKind() == JsonValueKind.String)
                    {
                        etags[n] = etag.GetValue<string>();
                    }
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            // An unreadable record only costs sending every part again.
            etags.Clear();
        }

        return new MultipartResumeState(path, etags);
    }

    /// <summary>Records an acknowledged part.</summary>
    public void Record(int part, string etag)
    {
        lock (_gate)
        {
            _etags[part] = etag;
            Save();
        }
    }

    /// <summary>Forgets every part (the server no longer has them) or the finished upload.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _etags.Clear();
            try
            {
                File.Delete(_path);
            }
            catch (IOException)
            {
                // Best effort: a stale record is checked by the server at completion.
            }
        }
    }

    private void Save()
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            var parts = new JsonObject();
            foreach (var (number, etag) in _etags.OrderBy(p => p.Key))
            {
                parts[number.ToString(CultureInfo.InvariantCulture)] = etag;
            }

            var temp = _path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
            File.WriteAllText(temp, new JsonObject { ["parts"] = parts }.ToJsonString());
            File.Move(temp, _path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Without a record the upload still works; only a later resume sends more.
        }
    }
}
