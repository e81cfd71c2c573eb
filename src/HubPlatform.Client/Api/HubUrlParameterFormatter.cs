using System.Reflection;
using Refit;

namespace HubPlatform.Client.Api;

/// <summary>Writes booleans as <c>true</c>/<c>false</c> (what httpx and the JS client send), everything else as Refit does.</summary>
internal sealed class HubUrlParameterFormatter : DefaultUrlParameterFormatter
{
    public override string? Format(object? parameterValue, ICustomAttributeProvider attributeProvider, Type type) =>
        parameterValue is bool b ? (b ? "true" : "false") : base.Format(parameterValue, attributeProvider, type);
}
