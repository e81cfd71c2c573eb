using System.Reflection;
using System.Runtime.CompilerServices;
using HubPlatform.Client;
using HubPlatform.Hub.Api;

namespace HubPlatform.Conventions.Tests;

/// <summary>Rules the whole public API keeps, checked by reflection so that new code cannot forget them.</summary>
public class PublicApiConventionTests
{
    private static readonly Assembly[] Assemblies = [typeof(HubClient).Assembly, typeof(ModelInfo).Assembly, typeof(HubPlatform.Cards.Card).Assembly];

    private static IEnumerable<MethodInfo> PublicMethods() =>
        Assemblies.SelectMany(a => a.GetExportedTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsSpecialName);

    private static bool IsAsync(Type type) =>
        type == typeof(Task) || type == typeof(ValueTask)
        || (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)
                                   || type.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>)));

    [Fact]
    public void Every_public_async_method_takes_a_CancellationToken()
    {
        var offenders = PublicMethods()
            .Where(m => IsAsync(m.ReturnType))
            .Where(m => m.DeclaringType != typeof(object) && !m.DeclaringType!.IsSubclassOf(typeof(Exception)))
            .Where(m => m.GetParameters().All(p => p.ParameterType != typeof(CancellationToken)))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToList();

        Assert.True(offenders.Count == 0, "Without a CancellationToken: " + string.Join(", ", offenders));
        Assert.Contains(PublicMethods(), m => IsAsync(m.ReturnType));
    }

    [Fact]
    public void Wire_records_are_immutable()
    {
        var wireTypes = typeof(ModelInfo).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == typeof(ModelInfo).Namespace && t.IsClass && !t.IsAbstract && t.GetMethod("<Clone>$") is not null)
            .ToList();
        var offenders = wireTypes
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(p => p.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}")
            .Distinct()
            .ToList();

        Assert.True(wireTypes.Count >= 15, $"expected the wire records, found {wireTypes.Count}");
        Assert.True(offenders.Count == 0, "Settable after construction: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Paged_listings_return_IAsyncEnumerable()
    {
        var listMethods = typeof(HubClient).Assembly.GetExportedTypes()
            .Where(t => t.Name.EndsWith("Client", StringComparison.Ordinal))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.Name.StartsWith("List", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(listMethods);
        Assert.All(listMethods, m => Assert.True(
            m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>),
            $"{m.DeclaringType!.Name}.{m.Name} returns {m.ReturnType.Name}"));
    }

    [Fact]
    public void Client_exceptions_derive_from_HubException()
    {
        var exceptions = typeof(HubClient).Assembly.GetExportedTypes().Where(t => t.IsSubclassOf(typeof(Exception))).ToList();

        Assert.True(exceptions.Count >= 8);
        Assert.All(exceptions, t => Assert.True(t == typeof(HubPlatform.Client.Errors.HubException) || t.IsSubclassOf(typeof(HubPlatform.Client.Errors.HubException)), t.Name));
    }

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
}
