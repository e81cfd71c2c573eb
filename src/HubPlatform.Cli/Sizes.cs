using System.Globalization;

namespace HubPlatform.Cli;

/// <summary>Byte counts for people.</summary>
internal static class Sizes
{
    public static string Human(long bytes)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    /// <summary>Reads <c>500MB</c>, <c>20GB</c>, <c>2GiB</c>, <c>1.5TB</c> or a plain byte count.</summary>
    /// <exception cref="UsageException">When the text is none of those.</exception>
    public static long Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var split = trimmed.Length;
        while (split > 0 && char.IsAsciiLetter(trimmed[split - 1]))
        {
            split--;
        }

        long multiplier = trimmed[split..].ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "KB" => 1000,
            "MB" => 1000 * 1000,
            "GB" => 1000L * 1000 * 1000,
            "TB" => 1000L * 1000 * 1000 * 1000,
            "KIB" => 1024,
            "MIB" => 1024 * 1024,
            "GIB" => 1024L * 1024 * 1024,
            "TIB" => 1024L * 1024 * 1024 * 1024,
            _ => throw new UsageException($"'{text}' is not a size (such as 500MB or 20GB)."),
        };
        return double.TryParse(trimmed[..split], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && number >= 0 && number * multiplier < long.MaxValue
            ? (long)(number * multiplier)
            : throw new UsageException($"'{text}' is not a size (such as 500MB or 20GB).");
    }
}
