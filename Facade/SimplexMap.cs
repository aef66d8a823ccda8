using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>The family of a <see cref="SimplexMap"/>.</summary>
public enum SimplexMapKind
{
    /// <summary>softmax (Shannon negentropy; every weight positive).</summary>
    Softmax,
    /// <summary>α-entmax, α &gt; 1 (Tsallis negentropy; α = 2 is sparsemax).</summary>
    Entmax,
    /// <summary>γ-normmax, γ &gt; 1 (negentropy ‖p‖_γ − 1).</summary>
    Normmax,
}

/// <summary>
/// A regularized argmax onto the probability simplex, ŷ(θ) = argmax over probability vectors p of θᵀp − Ω(p) (issue 15): softmax,
/// sparsemax (Martins &amp; Astudillo 2016, the Euclidean projection onto the simplex), α-entmax (Peters, Niculae &amp; Martins 2019)
/// and γ-normmax (Santos et al. 2024). The sparse ones put exactly zero weight on low scores and are exactly one-hot once
/// the top score leads the next by the <see cref="Margin"/>. The separation of <see cref="SparseModernHopfieldNetwork"/>.
/// <c>default(SimplexMap)</c> is <see cref="Softmax"/>.
/// </summary>
public readonly record struct SimplexMap
{
    private SimplexMap(SimplexMapKind kind, double parameter)
    {
        Kind = kind;
        Parameter = parameter;
    }

    /// <summary>The family.</summary>
    public SimplexMapKind Kind { get; }

    /// <summary>α for <see cref="SimplexMapKind.Entmax"/>, γ for <see cref="SimplexMapKind.Normmax"/>, 0 for softmax.</summary>
    public double Parameter { get; }

    /// <summary>softmax, the α = 1 member of the entmax family (no finite margin).</summary>
    public static SimplexMap Softmax => default;

    /// <summary>sparsemax = 2-entmax, the Euclidean projection onto the simplex, exact by sorting (margin 1).</summary>
    public static SimplexMap Sparsemax => new(SimplexMapKind.Entmax, 2);

    /// <summary>
    /// α-entmax, p_i = [(α − 1)θ_i − τ]₊^{1/(α−1)} with τ making Σp = 1 (margin 1/(α − 1)): exact by sorting for α = 2 and 1.5,
    /// by bisection on τ otherwise; for α − 1 &lt; 1e-4 it is computed as softmax, its limit (the bisection's rounding grows
    /// like 1e-16/(α − 1) while the gap to softmax shrinks like α − 1).
    /// <para>
    /// Conditioning (large α): a weight p_i of an entry just inside the support is [(α − 1)θ_i − τ]^{1/(α−1)} with the
    /// bracket a difference of numbers of size |τ|, so moving θ by one rounding (u|θ|, u = 2⁻⁵³) can move p_i by up to about
    /// (u|τ|)^{1/(α−1)}: ≤ 1e-8 for α ≤ 3, but 1e-4 at α = 5 and 0.7 at α = 100, when the top score leads the next by just
    /// under the margin 1/(α − 1). The bisection gives the exact weights of scores within a few roundings of θ (it is
    /// backward stable); where that sensitivity matters, use a smaller α or scores whose gaps are not near the margin.
    /// </para>
    /// </summary>
    /// <param name="alpha">α &gt; 1, finite.</param>
    /// <returns>The map.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not a finite number above 1.</exception>
    public static SimplexMap Entmax(double alpha)
    {
        Core.SimplexMapModule.Margin(Core.SimplexMap.NewEntmax(alpha));
        return new(SimplexMapKind.Entmax, alpha);
    }

    /// <summary>γ-normmax, argmax of θᵀp − ‖p‖_γ over the simplex, by bisection on its threshold (margin 1).</summary>
    /// <param name="gamma">γ &gt; 1, finite.</param>
    /// <returns>The map.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is not a finite number above 1.</exception>
    public static SimplexMap Normmax(double gamma)
    {
        Core.SimplexMapModule.Margin(Core.SimplexMap.NewNormmax(gamma));
        return new(SimplexMapKind.Normmax, gamma);
    }

    /// <summary>
    /// The margin m: ŷ(θ) is exactly the one-hot e_i if and only if θ_i − max_{j≠i} θ_j ≥ m (Blondel, Martins &amp; Niculae 2020;
    /// the "only if" derived). 1/(α − 1) for α-entmax, 1 for normmax, +∞ for softmax.
    /// </summary>
    public double Margin => Core.SimplexMapModule.Margin(CoreMap);

    /// <summary>ŷ(θ): a probability vector over the scores.</summary>
    /// <param name="scores">The scores θ: at least one, each finite or −∞ (an entry of −∞ gets weight 0; when every entry is −∞, the
    /// weights are uniform, the limit of equal scores).</param>
    /// <returns>The weights, ≥ 0 and summing to 1 up to rounding.</returns>
    /// <exception cref="ArgumentException">No scores, a NaN or a +∞.</exception>
    public double[] Apply(ReadOnlySpan<double> scores) => Core.SimplexMapModule.Apply(CoreMap, scores.ToArray());

    /// <summary>The negentropy Ω(p): Shannon Σ p ln p, Tsallis (Σ p^α − 1)/(α(α − 1)), or ‖p‖_γ − 1.</summary>
    /// <param name="p">A probability vector (entries finite and ≥ 0; not renormalized).</param>
    /// <returns>Ω(p) (≤ 0 on the simplex, 0 at its corners).</returns>
    /// <exception cref="ArgumentException">An empty vector, a non-finite or a negative entry.</exception>
    public double Negentropy(ReadOnlySpan<double> p) => Core.SimplexMapModule.Negentropy(CoreMap, p.ToArray());

    /// <summary>The convex conjugate Ω*(θ) = θᵀŷ − Ω(ŷ), whose gradient is the map (softmax: ln Σ e^θ).</summary>
    /// <param name="scores">The scores θ (at least one, finite).</param>
    /// <returns>Ω*(θ), between max θ and max θ − Ω(uniform).</returns>
    /// <exception cref="ArgumentException">No scores or a non-finite score.</exception>
    public double Conjugate(ReadOnlySpan<double> scores) => Core.SimplexMapModule.Conjugate(CoreMap, scores.ToArray());

    /// <summary>
    /// α-entmax by bisection on the threshold for every α &gt; 1, with no sorting shortcut and no softmax switch: the independent
    /// algorithm the exact ones are tested against (rounding grows like 1e-16/(α − 1) as α → 1).
    /// </summary>
    /// <param name="scores">The scores θ (at least one, finite or −∞).</param>
    /// <param name="alpha">α &gt; 1, finite.</param>
    /// <returns>The weights.</returns>
    /// <exception cref="ArgumentException">A bad score or α.</exception>
    public static double[] EntmaxBisection(ReadOnlySpan<double> scores, double alpha) =>
        Core.SimplexMapModule.EntmaxBisection(alpha, scores.ToArray());

    /// <summary>The core's map.</summary>
    internal Core.SimplexMap CoreMap => Kind switch
    {
        SimplexMapKind.Entmax => Core.SimplexMap.NewEntmax(Parameter),
        SimplexMapKind.Normmax => Core.SimplexMap.NewNormmax(Parameter),
        _ => Core.SimplexMap.Softmax,
    };

    /// <summary>"softmax", "sparsemax", "1.5-entmax", "2-normmax", ….</summary>
    /// <returns>The map's name.</returns>
    public override string ToString() => Kind switch
    {
        SimplexMapKind.Entmax when Parameter == 2 => "sparsemax",
        SimplexMapKind.Entmax => $"{Interop.CoreCall.Show(Parameter)}-entmax",
        SimplexMapKind.Normmax => $"{Interop.CoreCall.Show(Parameter)}-normmax",
        _ => "softmax",
    };
}
