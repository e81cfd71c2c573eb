using System.Globalization;

namespace HubPlatform.Mirror.Pages;

/// <summary>Numbers as the pages show them: sizes in kB/MB/GB and counts in K/M/B, as the Hub's pages do.</summary>
public static class Format
{
    /// <summary>A byte count, e.g. <c>4.2 MB</c>.</summary>
    public static string Bytes(long bytes) => Scaled(bytes, 1000, ["B", "kB", "MB", "GB", "TB"], " ");

    /// <summary>A parameter count, e.g. <c>110M</c>; a dash when unknown.</summary>
    public static string Count(long? count) => count is { } n ? Scaled(n, 1000, [string.Empty, "K", "M", "B", "T"], string.Empty) : "—";

    private static string Scaled(long value, double step, string[] units, string space)
    {
        double scaled = value;
        var unit = 0;
        while (scaled >= step && unit < units.Length - 1)
        {
            scaled /= step;
            unit++;
        }

        return unit == 0 ? value.ToString("N0", CultureInfo.InvariantCulture) + (units[0].Length > 0 ? space + units[0] : string.Empty)
            : scaled.ToString(scaled < 10 ? "0.#" : "0", CultureInfo.InvariantCulture) + space + units[unit];
    }
}
