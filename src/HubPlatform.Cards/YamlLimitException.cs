using YamlDotNet.Core;

namespace HubPlatform.Cards;

/// <summary>YAML that parses but that this library refuses to build: too deeply nested, or too large once aliases are followed.</summary>
public sealed class YamlLimitException : YamlException
{
    /// <summary>Creates the exception with its problem code and where in the YAML it was found.</summary>
    public YamlLimitException(string code, Mark start, Mark end, string message)
        : base(start, end, message)
    {
        Code = code;
    }

    /// <summary><see cref="CardCodes.YamlTooDeep"/> or <see cref="CardCodes.YamlTooLarge"/>.</summary>
    public string Code { get; }
}
