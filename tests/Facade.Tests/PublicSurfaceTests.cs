using System.Reflection;

namespace AssociativeKernels.Tests;

/// <summary>What a C# program sees when it references AssociativeKernels: no F# types (STYLE.md rule 10).</summary>
public class PublicSurfaceTests
{
    private static IEnumerable<Type> Mentioned(Type type)
    {
        yield return type;
        if (type.HasElementType) foreach (var t in Mentioned(type.GetElementType()!)) yield return t;
        if (type.IsGenericType) foreach (var a in type.GetGenericArguments()) foreach (var t in Mentioned(a)) yield return t;
    }

    [Fact]
    public void No_public_signature_mentions_an_FSharp_type()
    {
        var assembly = typeof(Kernels).Assembly;
        var offenders = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                var types = member switch
                {
                    MethodInfo m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType),
                    ConstructorInfo c => c.GetParameters().Select(p => p.ParameterType),
                    PropertyInfo p => [p.PropertyType],
                    FieldInfo f => [f.FieldType],
                    _ => [],
                };
                foreach (var t in types.SelectMany(Mentioned))
                {
                    var ns = t.Namespace ?? "";
                    if (ns.StartsWith("Microsoft.FSharp", StringComparison.Ordinal) || ns.StartsWith("AssociativeKernels.Core", StringComparison.Ordinal))
                    {
                        offenders.Add($"{type.Name}.{member.Name}: {t.FullName}");
                    }
                }
            }
        }
        Assert.Empty(offenders);
    }

    [Fact]
    public void TryEvaluate_reports_expected_failures_without_throwing()
    {
        Assert.True(CapacityBounds.TryEvaluate("hopfield-classical", new Dictionary<string, double> { ["N"] = 1000 }, out var ok, out var none));
        Assert.Null(none);
        Assert.Equal(CapacityBounds.HopfieldClassical(1000), ok);

        Assert.False(CapacityBounds.TryEvaluate("expbeta-gaussian.lower", new Dictionary<string, double> { ["N"] = 100, ["sigma2"] = 0.7 }, out _, out var error));
        Assert.Contains("sigma2", error);
        Assert.DoesNotContain("\n", error);

        Assert.False(Kernels.TryEvaluate("sdm-hypercube", new Dictionary<string, double> { ["N"] = 10 }, out _, out var missing));
        Assert.Contains("r", missing);
    }
}
