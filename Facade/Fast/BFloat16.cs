using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AssociativeKernels.Fast;

/// <summary>
/// bfloat16: the upper 16 bits of an IEEE float (sign, 8 exponent bits, 7 stored significand bits; 8 significant
/// bits with the implicit one), stored as <see cref="ushort"/>. Widening to float is exact (a shift left by 16);
/// rounding to bfloat16 is to nearest, ties to even, with unit roundoff u = 2⁻⁸: a normal value x becomes x(1 + δ),
/// |δ| ≤ 2⁻⁸; below 2⁻¹²⁶ (bfloat16's subnormals, spaced 2⁻¹³³) the error is at most 2⁻¹³⁴ absolute.
/// </summary>
internal static class BFloat16
{
    /// <summary>The largest finite bfloat16, (2 − 2⁻⁷)·2¹²⁷ ≈ 3.39e38.</summary>
    internal const double MaxValue = 3.3895313892515355e38;

    /// <summary>Whether <paramref name="bits"/> is a finite bfloat16 (exponent field not all ones).</summary>
    internal static bool IsFinite(ushort bits) => (bits & 0x7F80) != 0x7F80;

    /// <summary>The float value of <paramref name="bits"/> (exact).</summary>
    internal static float ToSingle(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);

    /// <summary>
    /// <paramref name="x"/> rounded once, to nearest with ties to even, to bfloat16; false (and 0) when x is not finite
    /// or rounds beyond <see cref="MaxValue"/>. Rounding the double directly avoids double rounding through float.
    /// </summary>
    internal static bool TryRound(double x, out ushort bits)
    {
        bits = 0;
        if (!double.IsFinite(x)) return false;
        double rounded;
        if (Math.Abs(x) < Math.ScaleB(1.0, -126))
        {
            // bfloat16 subnormals (and the smallest normal) are the multiples of 2⁻¹³³: round x·2¹³³ to an integer (exact scalings).
            rounded = Math.ScaleB(Math.Round(Math.ScaleB(x, 133), MidpointRounding.ToEven), -133);
        }
        else
        {
            // Keep 7 of the double's 52 fraction bits, to nearest even: add half an ulp less one, plus the kept lowest bit, then truncate.
            const int drop = 52 - 7;
            var raw = BitConverter.DoubleToInt64Bits(x);
            raw += (1L << (drop - 1)) - 1 + ((raw >> drop) & 1);
            rounded = BitConverter.Int64BitsToDouble(raw & ~((1L << drop) - 1));
            if (Math.Abs(rounded) > MaxValue) return false;
        }
        // rounded has at most 8 significant bits inside float's range, so the float conversion is exact.
        bits = (ushort)(BitConverter.SingleToUInt32Bits((float)rounded) >> 16);
        return true;
    }

    /// <summary>Widens <paramref name="source"/> to float into <paramref name="destination"/> (same length): each value shifted left by 16 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Widen(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        var n = source.Length;
        if (destination.Length < n) throw new ArgumentException("Widen: destination too short");
        ref var from = ref MemoryMarshal.GetReference(source);
        ref var to = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetReference(destination));
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; (int)i + 32 <= n; i += 32)
            {
                var (lo, hi) = Vector512.Widen(Vector512.LoadUnsafe(ref from, i));
                Vector512.ShiftLeft(lo, 16).StoreUnsafe(ref to, i);
                Vector512.ShiftLeft(hi, 16).StoreUnsafe(ref to, i + 16);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; (int)i + 16 <= n; i += 16)
            {
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref from, i));
                Vector256.ShiftLeft(lo, 16).StoreUnsafe(ref to, i);
                Vector256.ShiftLeft(hi, 16).StoreUnsafe(ref to, i + 8);
            }
        }
        for (; (int)i < n; i++) Unsafe.Add(ref to, i) = (uint)Unsafe.Add(ref from, i) << 16;
    }
}
