namespace HubPlatform.Hub.Tests;

public sealed class PathGlobTests
{
    // What Python's fnmatch.fnmatch answers for each (checked against CPython's rules: '*' and '?' cross '/', brackets are
    // the only escape, an unclosed '[' is literal), plus huggingface_hub's "folder/" meaning everything below it.
    [Theory]
    [InlineData("*.json", "a.json", true)]
    [InlineData("*.json", "sub/a.json", true)]
    [InlineData("config.json", "sub/config.json", false)]
    [InlineData("model-0000?-of-00002.safetensors", "model-00001-of-00002.safetensors", true)]
    [InlineData("model-0000?-of-00002.safetensors", "model-00010-of-00002.safetensors", false)]
    [InlineData("[abc].txt", "b.txt", true)]
    [InlineData("[abc].txt", "d.txt", false)]
    [InlineData("[!abc].txt", "d.txt", true)]
    [InlineData("[!abc].txt", "a.txt", false)]
    [InlineData("[a-c]x", "bx", true)]
    [InlineData("[a-c]x", "dx", false)]
    [InlineData("[*]", "*", true)]
    [InlineData("[*]", "a", false)]
    [InlineData("[?].bin", "?.bin", true)]
    [InlineData("a?c", "a/c", true)]
    [InlineData("onnx/", "onnx/model.onnx", true)]
    [InlineData("onnx/", "onnx", false)]
    [InlineData("[]]", "]", true)]
    [InlineData("[!]]", "a", true)]
    [InlineData("[!]]", "]", false)]
    [InlineData("[", "[", true)]
    [InlineData("a[b", "a[b", true)]
    [InlineData(@"a\b", @"a\b", true)]
    [InlineData("*.JSON", "a.json", false)]
    [InlineData("[z-a]", "m", false)]
    [InlineData("a.b", "axb", false)]
    [InlineData("(x)+", "(x)+", true)]
    public void Fnmatch_reads_patterns_as_python_does(string pattern, string path, bool matches) =>
        Assert.Equal(matches, PathGlob.Fnmatch(pattern).IsMatch(path));

    // What git answers (wildmatch with pathnames) for .gitignore and .gitattributes patterns.
    [Theory]
    [InlineData("*.bin", "w.bin", true)]
    [InlineData("*.bin", "sub/w.bin", true)]
    [InlineData("*.bin", "sub/w.bin.txt", false)]
    [InlineData("/a.txt", "a.txt", true)]
    [InlineData("/a.txt", "sub/a.txt", false)]
    [InlineData("doc/*.txt", "doc/a.txt", true)]
    [InlineData("doc/*.txt", "doc/sub/a.txt", false)]
    [InlineData("**/foo", "foo", true)]
    [InlineData("**/foo", "a/b/foo", true)]
    [InlineData("a/**/b", "a/b", true)]
    [InlineData("a/**/b", "a/x/y/b", true)]
    [InlineData("abc/**", "abc/x/y", true)]
    [InlineData("abc/**", "abc", false)]
    [InlineData("saved_model/**/*", "saved_model/a/b.pb", true)]
    [InlineData("f?o", "f/o", false)]
    [InlineData("f?o", "fxo", true)]
    [InlineData("f[/]o", "f/o", false)]
    [InlineData(@"\#file", "#file", true)]
    [InlineData(@"foo\*", "foo*", true)]
    [InlineData(@"foo\*", "foox", false)]
    [InlineData("*tfevents*", "runs/events.out.tfevents.1", true)]
    [InlineData("[!a]b", "cb", true)]
    [InlineData("[^a]b", "ab", false)]
    [InlineData("*.tar.*", "x.tar.gz", true)]
    [InlineData("model-0000?.bin", "dir/model-00003.bin", true)]
    [InlineData("a**b", "axxb", true)]
    [InlineData("a**b", "a/b", false)]
    [InlineData("a/**/b/**/c", "a/b/c", true)]
    [InlineData("a/**/b/**/c", "a/x/b/y/z/c", true)]
    [InlineData("a/**/b/**/c", "a/x/c", false)]
    [InlineData("**/b/*", "b/b/x", true)]
    [InlineData("*", "a/b", true)]
    [InlineData("/*", "a/b", false)]
    public void Git_reads_patterns_as_git_does(string pattern, string path, bool matches) =>
        Assert.Equal(matches, PathGlob.Git(pattern).IsMatch(path));

    [Fact]
    public void A_pathological_pattern_matches_a_long_path_at_once()
    {
        var fnmatch = PathGlob.Fnmatch(string.Concat(Enumerable.Repeat("*a", 30)) + "b");
        Assert.False(fnmatch.IsMatch(new string('a', 4000) + "b!"));
    }

    [Fact]
    public void A_pathological_git_pattern_matches_a_long_path_at_once()
    {
        var glob = PathGlob.Git(string.Concat(Enumerable.Repeat("*a", 30)) + "b");
        Assert.False(glob.IsMatch(new string('a', 4000)));
    }
}
