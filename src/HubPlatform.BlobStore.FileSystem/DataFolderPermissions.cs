using System.Runtime.InteropServices;

namespace HubPlatform.BlobStore.FileSystem;

/// <summary>
/// Keeps a data folder to its owner: private repositories' bytes, the database and the signing key must not be readable by
/// other local users whatever umask the service was started with.
/// </summary>
public static partial class DataFolderPermissions
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Makes every file and folder this process creates from now on its user's only (umask 077), creates the data folder
    /// as 0700 or narrows an existing one to it, and narrows the database and key files an older version left readable.
    /// </summary>
    public static void Restrict(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _ = SetUmask(0b000_111_111);
        Directory.CreateDirectory(dataDirectory, OwnerOnlyFolder);
        File.SetUnixFileMode(dataDirectory, OwnerOnlyFolder);
        foreach (var name in new[] { "hub.db", "hub.db-wal", "hub.db-shm", "signing.key" })
        {
            var path = Path.Combine(dataDirectory, name);
            if (File.Exists(path))
            {
                File.SetUnixFileMode(path, OwnerOnlyFile);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint SetUmask(uint mask);
}
