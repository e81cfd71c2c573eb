namespace HubPlatform.Client.Files;

/// <summary>Files on disk as the cache and uploads see them, through symbolic links (a snapshot is nothing but links).</summary>
internal static class LocalFile
{
    /// <summary>The file a path names, following symbolic links to the end; null when it is a folder or a link to one.</summary>
    public static FileInfo? Target(string path)
    {
        var info = new FileInfo(path);
        return info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo;
    }
}
