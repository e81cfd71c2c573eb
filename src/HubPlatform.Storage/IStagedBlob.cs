namespace HubPlatform.Storage;

/// <summary>
/// Content written to the store but not yet under its name nor flushed to disk: a commit stages its inline files while it
/// reads them, then publishes them all, flushed together, when it lands. Disposing a blob not published removes it, so a
/// rejected or abandoned commit leaves nothing behind.
/// </summary>
public interface IStagedBlob : IAsyncDisposable
{
    /// <summary>The content's sha256.</summary>
    string Sha256 { get; }

    /// <summary>The content's size.</summary>
    long Size { get; }

    /// <summary>Reads the content before it is published (a commit reads its own README.md and .gitattributes).</summary>
    Stream OpenRead();
}
