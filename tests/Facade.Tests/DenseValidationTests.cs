namespace AssociativeKernels.Tests;

/// <summary>
/// Bad input reaching a dense fast path is rejected exactly as the reference path rejects it (same exception
/// type, parameter name and message) — the fast path's own check only decides whether to hand the input to
/// the reference. The reference is reached through a twin network on which the fast path does not apply
/// (App. E's normalization of the separated scores, a no-op for softmax and max, which already sum to 1).
/// </summary>
public class DenseValidationTests
{
    private static readonly double[,] Patterns = { { 0.5, -1, 2 }, { 1, 0, -0.25 }, { -1, 1, 1 } };

    private static readonly double[][] BadQueries =
    [
        [1, -1],
        [1, -1, 1, 1],
        [1, double.NaN, -1],
        [double.NegativeInfinity, 1, -1],
        [],
    ];

    [Theory]
    [InlineData(SimilarityFunction.Dot, SeparationFunction.Softmax)]
    [InlineData(SimilarityFunction.Euclidean, SeparationFunction.Max)]
    [InlineData(SimilarityFunction.Manhattan, SeparationFunction.Softmax)]
    public void Dense_fast_path_rejects_bad_input_as_the_reference(SimilarityFunction similarity, SeparationFunction separation)
    {
        var fast = UniversalHopfieldNetwork.Create(Patterns, new UniversalHopfieldOptions { Similarity = similarity, Separation = separation });
        var reference = UniversalHopfieldNetwork.Create(Patterns, fast.Options with { NormalizeSeparated = true });
        Assert.True(fast.Retriever.IsFast);
        Assert.False(reference.Retriever.IsFast);
        foreach (var q in BadQueries)
        {
            var f = Array.ConvertAll(q, x => (float)x);
            Rejections.AssertSame(() => fast.Retrieve(q), () => reference.Retrieve(q));
            Rejections.AssertSame(() => fast.Retrieve(f), () => reference.Retrieve(f));
            Rejections.AssertSame(() => fast.Retrieve(q, new double[3]), () => reference.Retrieve(q, new double[3]));
            Rejections.AssertSame(() => fast.Retrieve(f, new float[3]), () => reference.Retrieve(f, new float[3]));
            Rejections.AssertSame(() => fast.RetrieveBatch(q, new double[3]), () => reference.RetrieveBatch(q, new double[3]));
            Rejections.AssertSame(() => fast.RetrieveBatch(f, new float[3]), () => reference.RetrieveBatch(f, new float[3]));
        }
        // Rectangular batches: a non-finite entry, a wrong number of columns (no rows is an empty result: RetrievalNumericsTests).
        foreach (var batch in new[] { new double[,] { { 1, 2, 3 }, { 4, double.NaN, 6 } }, new double[,] { { 1, 2 } } })
        {
            var f = new float[batch.GetLength(0), batch.GetLength(1)];
            for (var i = 0; i < batch.GetLength(0); i++) for (var j = 0; j < batch.GetLength(1); j++) f[i, j] = (float)batch[i, j];
            Rejections.AssertSame(() => fast.RetrieveBatch(batch), () => reference.RetrieveBatch(batch));
            Rejections.AssertSame(() => fast.RetrieveBatch(f), () => reference.RetrieveBatch(f));
        }
        // A destination of the wrong length, with good queries.
        double[] good = [0.1, 0.2, 0.3];
        Rejections.AssertSame(() => fast.Retrieve(good, new double[2]), () => reference.Retrieve(good, new double[2]));
        Rejections.AssertSame(() => fast.RetrieveBatch(good, new double[4]), () => reference.RetrieveBatch(good, new double[4]));
        Assert.Throws<ArgumentNullException>(() => fast.RetrieveBatch((double[,])null!));
    }
}
