using System.Text.Json;
using HubPlatform.Hub.Api;

namespace HubPlatform.Client.Cache;

/// <summary>
/// Writes <c>trees/{commit}.json</c>, the recursive listing <c>huggingface_hub</c> 1.22+ caches per commit:
/// <c>{"format_version":1,"files":{"path":{"size","blob_id","lfs_sha256"?,"lfs_size"?}}}</c>. Commits never change, so it is written once.
/// </summary>
internal static class TreeCacheFile
{
    public static void Write(string path, IEnumerable<TreeEntry> entries)
    {
        if (File.Exists(path))
        {
            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("format_version", 1);
            json.WriteStartObject("files");
            foreach (var entry in entries.Where(e => e.IsFile))
            {
                json.WriteStartObject(entry.Path);
                json.WriteNumber("size", entry.Size);
                json.WriteString("blob_id", entry.Oid);
                if (entry.Lfs is { } lfs)
                {
                    json.WriteString("lfs_sha256", lfs.Oid);
                    json.WriteNumber("lfs_size", lfs.Size);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        HubCache.WriteAtomically(path, buffer.ToArray());
    }
}
