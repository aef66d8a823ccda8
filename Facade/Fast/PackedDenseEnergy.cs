using Core = AssociativeKernels.Core;

namespace AssociativeKernels.Fast;

/// <summary>
/// The DAM Eq. 4 update of one neuron on ±1 patterns and states, from the overlaps m_μ = ξ^μ·σ kept by
/// <see cref="PackedBipolarPatterns"/>. The reference (the core's <c>DenseMemory.updateNeuron</c>) sums over j ≠ i
/// to get rest_μ = m_μ − ξ^μ_i σ_i and then d = Σ_μ [F(ξ^μ_i + rest_μ) − F(−ξ^μ_i + rest_μ)] in double precision,
/// μ = 0, 1, …; its arguments are exact integers in [−N, N] (sums of ±1 terms), namely
/// plus_μ = m_μ + ξ^μ_i (1 − σ_i) and minus_μ = m_μ − ξ^μ_i (1 + σ_i). So F is only ever needed on −N … N: it is
/// tabulated once with the core's own F (<c>DenseEnergy.value</c>), and the update equals the reference's:
/// <list type="bullet">
/// <item>When every tabulated F(k) is an integer and 2 · K · max |F(k)| ≤ 2⁵³ (for F = xⁿ: 2 K Nⁿ ≤ 2⁵³, e.g.
/// N ≤ 35 000 for K = 100, n = 3), every term and every partial sum of the reference's d is an integer of
/// magnitude ≤ 2⁵³, so it is exact, and d equals the same sum in 64-bit integers, which is what is computed.</item>
/// <item>Otherwise (F = eˣ, or large powers) d is summed in double precision in the reference's order with the
/// same terms, so it is bit-for-bit the reference's d.</item>
/// </list>
/// When d is not finite the reference rescales; <see cref="Update"/> then answers NaN and the caller hands that
/// one neuron to the reference. The new value is the core's <c>Dynamics.sign</c> of d (a tie keeps σ_i).
/// </summary>
internal sealed class PackedDenseEnergy
{
    private readonly int _dimension;
    private readonly double[] _values;
    private readonly long[]? _integers;

    /// <summary>Tabulates F on −N … N for K patterns of length N.</summary>
    internal PackedDenseEnergy(Core.DenseEnergy f, int count, int dimension)
    {
        _dimension = dimension;
        _values = new double[2 * dimension + 1];
        var exact = true;
        for (var k = -dimension; k <= dimension; k++)
        {
            var v = Core.DenseEnergyModule.Value(f, k);
            _values[k + dimension] = v;
            exact &= double.IsFinite(v) && Math.Floor(v) == v && 2.0 * count * Math.Abs(v) <= 9007199254740992.0;
        }
        if (exact) _integers = Array.ConvertAll(_values, v => (long)v);
    }

    /// <summary>Whether d is summed in 64-bit integers (the first case above).</summary>
    internal bool IsExactInteger => _integers is not null;

    /// <summary>The new value of neuron i (current value <paramref name="current"/>, column ξ^·_i) under DAM Eq. 4, or NaN when the reference's direct sum is not finite.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // see DenseAssociativeMemory.PackedSweep
    internal double Update(ReadOnlySpan<int> overlaps, ReadOnlySpan<sbyte> column, double current)
    {
        var up = current > 0 ? 0 : 2;        // 1 − σ_i
        var down = 2 - up;                   // 1 + σ_i
        if (_integers is { } integers)
        {
            long d = 0;
            for (var m = 0; m < overlaps.Length; m++)
            {
                var x = overlaps[m] + _dimension;
                d += integers[x + column[m] * up] - integers[x - column[m] * down];
            }
            return Core.Dynamics.Sign(current, d);
        }
        var sum = 0.0;
        for (var m = 0; m < overlaps.Length; m++)
        {
            var x = overlaps[m] + _dimension;
            sum += _values[x + column[m] * up] - _values[x - column[m] * down];
        }
        return double.IsFinite(sum) ? Core.Dynamics.Sign(current, sum) : double.NaN;
    }
}
