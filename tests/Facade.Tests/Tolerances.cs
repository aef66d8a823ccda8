namespace AssociativeKernels.Tests;

/// <summary>
/// Every tolerance the facade tests use, with where it comes from (STYLE.md rule 15).
/// </summary>
internal static class Tolerances
{
    /// <summary>
    /// A sum or product of a handful of doubles: each operation rounds by at most ½ ulp, so a dozen
    /// operations stay within ~1e-15 relative; 1e-13 leaves room for exp/log (a few ulps each).
    /// </summary>
    internal const double FewOperations = 1e-13;

    /// <summary>
    /// Special functions evaluated by the core (incomplete beta, Lambert W, lnΓ): the core states a
    /// relative accuracy of 1e-10 or better for its quadratures and continued fractions.
    /// </summary>
    internal const double SpecialFunction = 1e-9;

    /// <summary>Relative difference |a − b| / max(|b|, tiny).</summary>
    internal static double Relative(double actual, double expected) =>
        Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), double.Epsilon);
}
