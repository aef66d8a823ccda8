using AssociativeKernels.Fast;
using Core = global::AssociativeKernels.Core;

namespace AssociativeKernels.Tests;

/// <summary>
/// Bad input reaching a facade method with a packed path is rejected exactly as the reference path rejects it
/// (same exception type, parameter name and message), before any packed code runs: the packed path's own
/// check only decides whether to run the reference's checks. The reference path is reached through a twin
/// object of the same dimension on which the packed path does not apply (more patterns than neurons for
/// Hopfield, a non-±1 pattern for the dense memory), or through the core directly (SDM).
/// </summary>
public class PackedValidationTests
{
    private static readonly double[][] BadQueries =
    [
        [1, -1],                 // too short
        [1, -1, 1, 1],           // too long
        [1, 0.5, -1],            // not ±1
        [1, 0, -1],              // zero
        [1, double.NaN, -1],     // not finite
        [double.PositiveInfinity, 1, -1],
        [],
    ];

    [Fact]
    public void PackedHopfield_rejects_bad_states_as_the_reference()
    {
        var packed = HopfieldNetwork.Create(new double[,] { { 1, -1, 1 } });
        var reference = HopfieldNetwork.Create(new double[,] { { 1, -1, 1 }, { 1, 1, 1 }, { -1, 1, 1 }, { 1, 1, -1 } });
        foreach (var q in BadQueries)
        {
            foreach (var avx512 in new[] { false, PackedBipolarBlocks.Avx512Supported })
            {
                Rejections.AssertSame(() => packed.Retrieve(q, avx512), () => reference.Retrieve(q));
                Rejections.AssertSame(() => packed.Iterate(q, 10, null, avx512), () => reference.Iterate(q, 10));
                Rejections.AssertSame(() => packed.Iterate(q, 10, 3, avx512), () => reference.Iterate(q, 10, 3));
                Rejections.AssertSame(() => packed.IterateSynchronously(q, 10, avx512), () => reference.IterateSynchronously(q, 10));
            }
        }
        double[] good = [1, 1, -1];
        Rejections.AssertSame(() => packed.Iterate(good, 0), () => reference.Iterate(good, 0));
        Rejections.AssertSame(() => packed.IterateSynchronously(good, 0), () => reference.IterateSynchronously(good, 0));
    }

    [Fact]
    public void PackedDam_rejects_bad_states_as_the_reference()
    {
        var packed = DenseAssociativeMemory.Create(new double[,] { { 1, -1, 1 }, { -1, -1, 1 } }, DenseEnergyFunction.Polynomial, 3);
        var reference = DenseAssociativeMemory.Create(new double[,] { { 1, -1, 1 }, { -1, -0.5, 1 } }, DenseEnergyFunction.Polynomial, 3);
        foreach (var q in BadQueries)
        {
            foreach (var avx512 in new[] { false, PackedBipolarBlocks.Avx512Supported })
            {
                Rejections.AssertSame(() => packed.Retrieve(q, avx512), () => reference.Retrieve(q));
                Rejections.AssertSame(() => packed.Iterate(q, 10, 5, avx512), () => reference.Iterate(q, 10, 5));
            }
        }
        Rejections.AssertSame(() => packed.Iterate([1, 1, -1], 0), () => reference.Iterate([1, 1, -1], 0));
    }

    [Fact]
    public void PackedSdmRead_rejects_bad_queries_as_the_reference_does_naming_query()
    {
        var memory = SparseDistributedMemory.CreateHypercube(20, 3, 2, 1, 4).WriteMany(new double[,] { { 1, -1, 1 } }, new double[,] { { 1, -1 } });
        var core = Core.SparseDistributedMemoryModule.WriteMany(
            Core.SparseDistributedMemoryModule.Create(Core.SdmSpace.NewHypercube(1), 4, 20, 3, 2), [[1.0, -1, 1]], [[1.0, -1]]);
        foreach (var q in BadQueries.Where(q => q.All(double.IsFinite)))
        {
            foreach (var avx512 in new[] { false, PackedBipolarBlocks.Avx512Supported })
            {
                Rejections.AssertSameKind(() => memory.Retrieve(q, avx512), () => Core.SparseDistributedMemoryModule.Read(core, q));
                Rejections.AssertSameKind(() => memory.ReadField(q, avx512), () => Core.SparseDistributedMemoryModule.ReadField(core, q));
            }
        }
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => memory.Retrieve([1, double.NaN, 1]));
        Assert.Equal("query", e.ParamName);
        Assert.StartsWith("query[1] = NaN: every component must be a finite number.", e.Message);
    }
}
