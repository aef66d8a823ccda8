using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AssociativeKernels.Fast;

/// <summary>
/// The instruction sets a fast path can be told to use, widest first. Every fast entry point takes its choice
/// through one of the mappings below (a vector <see cref="Width"/>, the packed kernels' <c>avx512</c> flag, the
/// packed stability count's kernel width), so a test can run each fast path on every backend the processor has
/// in one process; the library itself always takes <see cref="Backends.Best"/>.
/// </summary>
internal enum Backend
{
    /// <summary>512-bit vectors (Vector512; the packed kernels' AVX-512 BW/VBMI byte counts).</summary>
    Avx512,

    /// <summary>256-bit vectors (Vector256; the packed stability count's AVX2 kernel).</summary>
    Avx2,

    /// <summary>128-bit vectors (Vector128) and the portable scalar/SWAR packed kernels.</summary>
    Portable,
}

/// <summary>Which <see cref="Backend"/>s this processor runs, and what each means to each kind of fast path.</summary>
internal static class Backends
{
    /// <summary>Whether the processor (as the runtime is configured, e.g. DOTNET_EnableAVX512=0 or DOTNET_EnableAVX2=0) accelerates the backend.</summary>
    internal static bool IsSupported(Backend backend) => backend switch
    {
        Backend.Avx512 => Vector512.IsHardwareAccelerated,
        Backend.Avx2 => Vector256.IsHardwareAccelerated,
        _ => true,
    };

    /// <summary>The widest supported backend.</summary>
    internal static Backend Best => IsSupported(Backend.Avx512) ? Backend.Avx512 : IsSupported(Backend.Avx2) ? Backend.Avx2 : Backend.Portable;

    /// <summary>The supported backends, widest first.</summary>
    internal static Backend[] Supported => [.. Enum.GetValues<Backend>().Where(IsSupported)];

    /// <summary>The vector width of the generic floating-point kernels (dense retrieval, the classifier engine, Gemm, the Simd row kernels).</summary>
    internal static Width Width(this Backend backend) => backend switch
    {
        Backend.Avx512 => Fast.Width.Wide,
        Backend.Avx2 => Fast.Width.Medium,
        _ => Fast.Width.Narrow,
    };

    /// <summary>The <c>avx512</c> flag of the packed ±1 kernels (overlaps, nearest, SDM activation): true only on <see cref="Backend.Avx512"/> where AVX-512 BW and VBMI run.</summary>
    internal static bool PackedAvx512(this Backend backend) => backend == Backend.Avx512 && PackedBipolarBlocks.Avx512Supported;

    /// <summary>The kernel width of <see cref="PackedDamStability.Unstable"/>: 256 (AVX2; also for AVX-512, which has no kernel of its own) where AVX2 runs, else 64.</summary>
    internal static int PackedStabilityWidth(this Backend backend) => backend != Backend.Portable && Avx2.IsSupported ? 256 : 64;
}
