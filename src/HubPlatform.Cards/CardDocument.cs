namespace HubPlatform.Cards;

/// <summary>
/// A README split as the Hub splits it: optional whitespace, a <c>---</c> line, YAML, a <c>---</c> line, then the Markdown body.
/// The original text is kept whole so that an unchanged card saves to the same bytes; the parts are ranges into it.
/// </summary>
public sealed class CardDocument
{
    private CardDocument(string text, bool hasBom, int yamlStart, int yamlEnd, int bodyStart, bool unclosed)
    {
        Text = text;
        HasBom = hasBom;
        YamlStart = yamlStart;
        YamlEnd = yamlEnd;
        BodyStart = bodyStart;
        FrontMatterUnclosed = unclosed;
        YamlFirstLine = LineOf(text, yamlStart);
        BodyFirstLine = LineOf(text, bodyStart);
    }

    /// <summary>The full text, without a byte order mark.</summary>
    public string Text { get; }

    /// <summary>Whether the file began with a UTF-8 byte order mark (written back on save).</summary>
    public bool HasBom { get; }

    /// <summary>Whether there is a front matter block.</summary>
    public bool HasFrontMatter => YamlStart >= 0;

    /// <summary>Whether the text opens a front matter block that never closes (the Hub then sees no metadata).</summary>
    public bool FrontMatterUnclosed { get; }

    /// <summary>Where the YAML starts in <see cref="Text"/> (-1 without front matter).</summary>
    public int YamlStart { get; }

    /// <summary>Where the YAML ends (the start of the closing <c>---</c> line).</summary>
    public int YamlEnd { get; }

    /// <summary>Where the body starts.</summary>
    public int BodyStart { get; }

    /// <summary>The 1-based line of the first YAML line.</summary>
    public int YamlFirstLine { get; }

    /// <summary>The 1-based line of the first body line.</summary>
    public int BodyFirstLine { get; }

    /// <summary>The YAML text ("" without front matter).</summary>
    public string Yaml => HasFrontMatter ? Text[YamlStart..YamlEnd] : string.Empty;

    /// <summary>The Markdown body.</summary>
    public string Body => Text[BodyStart..];

    /// <summary>The line break the document uses (CRLF, CR or LF), for text added by edits.</summary>
    public string NewLine => Text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : Text.Contains('\r', StringComparison.Ordinal) ? "\r" : "\n";

    /// <summary>Splits text (a leading BOM is noted and removed).</summary>
    public static CardDocument Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hasBom = text.StartsWith('\uFEFF');
        if (hasBom)
        {
            text = text[1..];
        }

        var i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        if (!IsFenceLine(text, i, out var afterOpen))
        {
            return new CardDocument(text, hasBom, -1, -1, 0, false);
        }

        var lineStart = afterOpen;
        while (lineStart < text.Length)
        {
            if (IsFenceLine(text, lineStart, out var afterClose))
            {
                return new CardDocument(text, hasBom, afterOpen, lineStart, afterClose, false);
            }

            lineStart = NextLine(text, lineStart);
        }

        return new CardDocument(text, hasBom, -1, -1, 0, true);
    }

    /// <summary>The 1-based line number of a character offset.</summary>
    public static int LineOf(string text, int offset)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (offset <= 0)
        {
            return 1;
        }

        var line = 1;
        for (var i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                line++;
            }
        }

        return line;
    }

    /// <summary>The offset of the start of a 1-based line (the text's length past the last line).</summary>
    internal static int OffsetOfLine(string text, int line)
    {
        var offset = 0;
        for (var current = 1; current < line && offset < text.Length; current++)
        {
            offset = NextLine(text, offset);
        }

        return offset;
    }

    internal static int NextLine(string text, int start)
    {
        var i = start;
        while (i < text.Length && text[i] != '\n' && text[i] != '\r')
        {
            i++;
        }

        if (i < text.Length && text[i] == '\r')
        {
            i++;
        }

        if (i < text.Length && text[i] == '\n')
        {
            i++;
        }

        return i;
    }

    // "---" with optional trailing blanks, then a line break or the end.
    private static bool IsFenceLine(string text, int start, out int next)
    {
        next = start;
        if (start + 3 > text.Length || string.CompareOrdinal(text, start, "---", 0, 3) != 0)
        {
            return false;
        }

        var i = start + 3;
        while (i < text.Length && (text[i] == ' ' || text[i] == '\t'))
        {
            i++;
        }

        if (i < text.Length && text[i] != '\n' && text[i] != '\r')
        {
            return false;
        }

        next = NextLine(text, start);
        return true;
    }
}
