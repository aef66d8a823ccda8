namespace AssociativeKernels.Fast;

/// <summary>
/// Packs ±1 vectors into bits: 64 components per <see cref="ulong"/>, component i in bit i % 64 of word
/// i / 64, +1 ↔ bit 1, −1 ↔ bit 0, and the unused tail bits of the last word zero (so two packed vectors
/// of the same length agree there and the tail never counts as a disagreement).
/// </summary>
internal static class PackedBipolarRows
{
    /// <summary>Words per packed vector of <paramref name="dimension"/> components: ⌈N / 64⌉.</summary>
    internal static int Words(int dimension) => (dimension + 63) >> 6;

    /// <summary>
    /// Packs <paramref name="vector"/> into <paramref name="destination"/> (at least <see cref="Words"/> long,
    /// cleared by the caller) if every entry is exactly +1 or −1, and returns whether it was. A false return
    /// leaves the destination partly written: the caller then runs the reference's check, which throws the
    /// reference's exception (so this fast check decides nothing but when to ask the reference).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // see DenseAssociativeMemory.PackedSweep
    internal static bool TryPack(ReadOnlySpan<double> vector, Span<ulong> destination)
    {
        for (var i = 0; i < vector.Length; i++)
        {
            var x = vector[i];
            if (x == 1.0) destination[i >> 6] |= 1UL << (i & 63);
            else if (x != -1.0) return false;
        }
        return true;
    }
}
