using System.Runtime.InteropServices;

namespace HubPlatform.BlobStore.FileSystem;

/// <summary>
/// Makes many just-written files durable at once. On Linux one <c>syncfs</c> flushes the store's file system (data and the
/// renames that put the files in place) in a single call; elsewhere each file is flushed on its own.
/// </summary>
internal static partial class FileSystemFlush
{
    public static void Flush(string root, IReadOnlyList<string> files)
    {
        if (OperatingSystem.IsLinux())
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
