using HubPlatform.Hub;

namespace HubPlatform.Client.Tests;

/// <summary>A file of a fake repository, with the ids the Hub would give it.</summary>
internal sealed record FakeFile(string Path, byte[] Content, bool Lfs = false)
{
    public string Sha256 => Sha256Hash.Compute(Content);

    public LfsPointer Pointer => new(Sha256, Content.Length);

    /// <summary>The tree oid: the git blob id of the content, or of the pointer for LFS files.</summary>
    public string Oid => Lfs ? Pointer.GitBlobId : GitBlobId.Compute(Content);

    /// <summary>What /resolve sends as (linked) ETag: the sha256 for LFS files, else the git blob id.</summary>
    public string ETag => Lfs ? Sha256 : Oid;

    public static FakeFile Text(string path, string content) => new(path, System.Text.Encoding.UTF8.GetBytes(content));

    public static FakeFile Binary(string path, int size, int seed = 1, bool lfs = true)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return new FakeFile(path, bytes, lfs);
    }
}
