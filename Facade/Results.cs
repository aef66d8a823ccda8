namespace AssociativeKernels;

/// <summary>
/// The value of a capacity formula (C1–C8) together with its natural logarithm, where it comes from, and
/// whether the parameters are in range: inside the regime the formula was derived for.
/// </summary>
/// <param name="Id">The formula's id in the registry, e.g. <c>expbeta-gaussian.lower</c>.</param>
/// <param name="Value">The value, or <see langword="null"/> when it overflows a double (then only <paramref name="Ln"/> is meaningful).
/// Exact where the formula gives it directly (an integer count such as 2N = 200 at N = 100, or 0.138 N = 13.8;
/// above 2^53 the nearest double), otherwise e^<paramref name="Ln"/>.</param>
/// <param name="Ln">The natural logarithm of the value.</param>
/// <param name="Equation">The paper and equation the formula comes from, e.g. <c>KMN Eq. 87 (= Eq. 24)</c>.</param>
/// <param name="Regime">The regime the formula was derived for, in words.</param>
/// <param name="InRange">Whether the parameters lie inside that regime; outside it the number is an extrapolation.</param>
public readonly record struct BoundResult(
    string Id, double? Value, double Ln, string Equation, string Regime, bool InRange);

/// <summary>
/// The value of a kernel that can underflow a double, with its natural logarithm.
/// </summary>
/// <param name="Value">The value; 0 when it underflows (or is exactly 0).</param>
/// <param name="Ln">The natural logarithm of the value; <see cref="double.NegativeInfinity"/> means the value is exactly 0.</param>
public readonly record struct KernelValue(double Value, double Ln);

/// <summary>A parameter of a registered bound or kernel: its symbol and its valid range.</summary>
/// <param name="Name">The paper's symbol, as used for CLI flags and JSON keys (e.g. <c>N</c>, <c>sigma2</c>).</param>
/// <param name="Range">The valid range in interval notation, e.g. <c>(0, 1/2)</c>.</param>
public sealed record ParameterInfo(string Name, string Range);

/// <summary>Describes a registered capacity formula.</summary>
/// <param name="Id">The formula's id, e.g. <c>hopfield-classical</c>.</param>
/// <param name="Parameters">Its parameters in the order the paper lists them.</param>
/// <param name="Equation">The paper and equation it comes from.</param>
/// <param name="Summary">A one-line description.</param>
/// <param name="Kind">What kind of number it is, e.g. <c>lower bound on the paper's estimate (Eq. 86)</c> or <c>mean capacity (C8)</c>.</param>
/// <param name="Regime">The regime it was derived for, in words (<see cref="BoundResult.InRange"/> says whether given parameters lie in it).</param>
public sealed record BoundInfo(string Id, IReadOnlyList<ParameterInfo> Parameters, string Equation, string Summary, string Kind, string Regime);

/// <summary>Describes a registered closed-form kernel.</summary>
/// <param name="Id">The kernel's id, e.g. <c>sdm-hypercube</c>.</param>
/// <param name="Parameters">Its parameters in the order the paper lists them.</param>
/// <param name="Equation">The paper and equation it comes from.</param>
/// <param name="Summary">A one-line description.</param>
/// <param name="Kind">What kind of number it is (a kernel value, or its sparse approximation).</param>
/// <param name="Regime">The regime its derivation assumes, in words.</param>
public sealed record KernelInfo(string Id, IReadOnlyList<ParameterInfo> Parameters, string Equation, string Summary, string Kind, string Regime);

/// <summary>
/// A closed-form kernel evaluated by id through the registry: its value and natural log, where it comes
/// from, and whether the parameters lie in the regime its derivation assumes (e.g. the sparse-code
/// approximation of K6 needs b ≥ 0.9).
/// </summary>
/// <param name="Id">The kernel's id, e.g. <c>sdm-hypersphere.approx</c>.</param>
/// <param name="Value">The value; 0 when it underflows (or is exactly 0).</param>
/// <param name="Ln">The natural logarithm of the value; <see cref="double.NegativeInfinity"/> means exactly 0.</param>
/// <param name="Equation">The paper and equation it comes from.</param>
/// <param name="Regime">The regime its derivation assumes, in words.</param>
/// <param name="InRange">Whether the parameters lie inside that regime.</param>
public readonly record struct KernelResult(
    string Id, double Value, double Ln, string Equation, string Regime, bool InRange);
