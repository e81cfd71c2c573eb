using System.Globalization;
using System.Text.Json.Nodes;

namespace HubPlatform.Datasets;

/// <summary>
/// Numbers out of JSON values whatever they were made from: cells are built from decimals, doubles, floats and integers,
/// and <c>JsonValue.GetValue</c> converts none of these into another.
/// </summary>
internal static class JsonNumber
{
    /// <summary>The value as a decimal when it is one exactly (integers and decimals), else false.</summary>
    public static bool TryDecimal(JsonValue value, out decimal result)
    {
        if (value.TryGetValue(out result))
        {
            return true;
        }

        if (value.TryGetValue<long>(out var l))
        {
            result = l;
            return true;
        }

        if (value.TryGetValue<int>(out var i))
        {
            result = i;
            return true;
        }

        if (value.TryGetValue<ulong>(out var u))
        {
            result = u;
            return true;
        }

        return false;
    }

    /// <summary>The value as a double.</summary>
    public static double ToDouble(JsonValue value) =>
        value.TryGetValue<double>(out var d) ? d
        : value.TryGetValue<float>(out var f) ? f
        : TryDecimal(value, out var m) ? (double)m
        : double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
