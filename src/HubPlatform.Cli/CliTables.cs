using Spectre.Console;

namespace HubPlatform.Cli;

/// <summary>Rows of text as a table on a terminal, or as tab-separated lines (a header first) for scripts.</summary>
internal static class CliTables
{
    public static async Task WriteAsync(CliContext context, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        if (!context.Interactive)
        {
            await context.Out.WriteLineAsync(string.Join('\t', header));
            foreach (var row in rows)
            {
                await context.Out.WriteLineAsync(string.Join('\t', row));
            }

            return;
        }

        var table = new Table().Border(TableBorder.Simple);
        foreach (var h in header)
        {
            table.AddColumn(Markup.Escape(h));
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }

        context.Console.Write(table);
    }
}
