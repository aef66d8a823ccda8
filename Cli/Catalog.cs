namespace AssociativeKernels.Cli;

/// <summary>A registered formula as the CLI shows it: a bound or a closed-form kernel.</summary>
internal sealed record Formula(string Id, IReadOnlyList<ParameterInfo> Parameters, string Equation, string Summary, string Kind);

/// <summary>The result of evaluating a formula, with what the JSON line and the table show.</summary>
internal sealed record Evaluation(double? Value, double Ln, string Equation, string? Regime, bool InRange);

/// <summary>
/// The two registries <c>akern</c> serves with the same three forms (list, one id, batch): the capacity
/// bounds and the closed-form kernels, both through the facade.
/// </summary>
internal sealed class Catalog(
    string noun,
    string example,
    Func<IReadOnlyList<Formula>> list,
    Func<Formula, IReadOnlyDictionary<string, double>, Evaluation> evaluate)
{
    /// <summary>The command word and what one entry is called: <c>bound</c> or <c>kernel</c>.</summary>
    internal string Noun { get; } = noun;

    /// <summary>An example invocation's arguments, for the usage text.</summary>
    internal string Example { get; } = example;

    /// <summary>Every registered formula.</summary>
    internal IReadOnlyList<Formula> List() => list();

    /// <summary>The formula with this id (ordinal comparison), or null.</summary>
    internal Formula? Find(string id) => List().FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.Ordinal));

    /// <summary>Evaluates a formula; the parameters have been checked against its parameter list.</summary>
    internal Evaluation Evaluate(Formula formula, IReadOnlyDictionary<string, double> parameters) => evaluate(formula, parameters);

    /// <summary>The capacity bounds C1–C8.</summary>
    internal static readonly Catalog Bounds = new(
        "bound",
        "hopfield-classical --N 1000",
        () => CapacityBounds.List().Select(b => new Formula(b.Id, b.Parameters, b.Equation, b.Summary, b.Kind)).ToArray(),
        (formula, parameters) =>
        {
            var r = CapacityBounds.Evaluate(formula.Id, parameters);
            return new Evaluation(r.Value, r.Ln, r.Equation, r.Regime, r.InRange);
        });

    /// <summary>The closed-form kernels (SDM on the hypercube and the hypersphere, exp-β).</summary>
    internal static readonly Catalog Kernels = new(
        "kernel",
        "sdm-hypercube --N 100 --r 40 --delta 10",
        () => AssociativeKernels.Kernels.List().Select(k => new Formula(k.Id, k.Parameters, k.Equation, k.Summary, k.Kind)).ToArray(),
        (formula, parameters) =>
        {
            var k = AssociativeKernels.Kernels.Evaluate(formula.Id, parameters);
            return new Evaluation(k.Value, k.Ln, k.Equation, k.Regime, k.InRange);
        });
}
