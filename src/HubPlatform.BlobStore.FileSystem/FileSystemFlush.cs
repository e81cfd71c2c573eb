using System.Runtime.InteropServices;

namespace HubPlatform.BlobStore.FileSystem;

/// <summary>
/// Makes just-written files durable. A few are flushed one by one; many at once, on Linux, with one <c>syncfs</c> of the
/// store's file system (data and the renames that put the files in place), which costs about what ten single flushes do
/// (it also writes whatever else the file system holds dirty), so below that it is the slower choice.
/// </summary>
internal static partial class FileSystemFlush
{
    private const int OneByOneUpTo = 8;

    public static void Flush(string root, IReadOnlyList<string> files)
    {
        if (files.Count > OneByOneUpTo && OperatingSystem.IsLinux())
        {
            using var handle = File.OpenHandle(Path.Combine(root, ".flush"), FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);
            var descriptor = (int)handle.DangerousGetHandle();
            if (SyncFs(descriptor) == 0)
            {
                return;
            }
        }

        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            stream.Flush(flushToDisk: true);
        }
    }

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int fileDescriptor);
}
