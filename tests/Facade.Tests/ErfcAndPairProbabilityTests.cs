namespace AssociativeKernels.Tests;

/// <summary>
/// SPEC C6's pair probabilities (KMN Eqs. 81, 93, 103) and C7's erfc forms (Eqs. 85, 86) through the C# facade, against
/// mpmath at 40 digits (the expressions evaluated there as the equations read, with the parameters below).
/// </summary>
public class ErfcAndPairProbabilityTests
{
    private static void Close(double expected, double actual, double relative = 1e-13) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"{actual:R} vs {expected:R}");

    [Fact]
    public void Pair_probabilities_equal_half_erfc_of_the_equations_arguments()
    {
        // N = 100: Eq. 81 at r = 5 (argument (N − 2r²)/(2√N) = 2.5); Eq. 93 at r = 0.5 (√N (1 − 2r²)/√2 = 3.5355…);
        // Eq. 103 at f = 0.5, ρ = 0.1 (f̃ = 0.5, argument √N (f̃ − 4ρ)/√(2f̃(1 − f̃)) = √2).
        Close(-8.499962453287209668301707, CapacityBounds.LogPairProbabilityGaussian(100, 5));
        Close(-15.0649983939887257360837, CapacityBounds.LogPairProbabilitySphere(100, 0.5));
        Close(-3.783184333682030894916137, CapacityBounds.LogPairProbabilityBipolar(100, 0.5, 0.1));
    }

    [Fact]
    public void Erfc_expansion_and_its_bound_equal_Eqs_85_and_86()
    {
        // x = 3: three terms of Eq. 85, −x² − ln √π − ln x + ln(1 − 1/(2x²) + 3/(2x²)²); Eq. 86's ln(√π x) + x²; ln(1/erfc).
        Close(-10.71837947048739370071856, CapacityBounds.LogErfcAsymptotic(3, 3));
        Close(10.67097723159280977846696, CapacityBounds.LogInverseErfcLowerBound(3));
        Close(10.72036304198111256773089, CapacityBounds.LogInverseErfc(3));
        Close(903.9741171106438780796002, CapacityBounds.LogInverseErfc(30)); // erfc(30) underflows; its log does not
        Assert.True(CapacityBounds.LogInverseErfc(3) >= CapacityBounds.LogInverseErfcLowerBound(3)); // Eq. 86
    }

    [Theory]
    [InlineData("dimension")]
    [InlineData("radius")]
    [InlineData("terms")]
    [InlineData("x")]
    [InlineData("sparseness")]
    [InlineData("flipProbability")]
    public void Refusals_name_the_csharp_parameters(string name)
    {
        Action call = name switch
        {
            "dimension" => () => CapacityBounds.LogPairProbabilitySphere(1, 0.5),
            "radius" => () => CapacityBounds.LogPairProbabilityGaussian(100, 8), // r ≥ √(N/2)
            "terms" => () => CapacityBounds.LogErfcAsymptotic(3, 11), // terms > ⌊x²⌋ + 1
            "x" => () => CapacityBounds.LogInverseErfcLowerBound(0),
            "sparseness" => () => CapacityBounds.LogPairProbabilityBipolar(100, 1, 0.1),
            _ => () => CapacityBounds.LogPairProbabilityBipolar(100, 0.5, 0.2), // ρ ≥ f̃/4 = 0.125
        };
        Assert.Equal(name, Assert.ThrowsAny<ArgumentOutOfRangeException>(call).ParamName);
    }
}
