/// Kernels at the edges of the doubles (issue 11). K4, the Exp-β kernel exp(−(d/r)^β) (KMN Eq. 21), where
/// d/r leaves the doubles (d = 1e300 with r = 1e-20 gave K = 0 and ln K = −∞ for a true ln K = −1; d = 5e-324
/// with r = 10 gave K = 1 for −1); K7, softmax at huge β and huge scores (β ξ·q overflowed to NaN weights).
module Kernels.Core.Tests.KernelEdgeTests

open Xunit
open AssociativeKernels.Core

/// (β, r, d, ln K = −(d/r)^β) from mpmath at 50 digits (the inputs are the exact binary doubles):
/// mp.dps = 50; -power(mpf(d) / mpf(r), mpf(beta)).
let private table =
    [ 1e-300, 5e-324, 1.7976931348623157e308, -1.0
      5e-324, 1e-20, 1e300, -1.0
      0.5, 1e-3, 1.7976931348623157e308, -4.2399211488685915e155
      1e-3, 5e-324, 1e100, -2.6503682198198994
      1e-3, 1e-300, 1e300, -3.9810717055349726
      0.5, 5e-324, 0.5, -3.1812124520951962e161
      1e-20, 10.0, 5e-324, -0.99999999999999999
      2.0, 1e-200, 1e-50, -1.0000000000000001e300
      0.25, 1e300, 5e-324, -1.4908919308538354e-156
      1.0, 1.0, 1.7976931348623157e308, -1.7976931348623157e308
      // inside the doubles: the plain power
      2.0, 3.0, 1.5, -0.25
      0.5, 4.0, 1.0, -0.5 ]

[<Fact>]
let ``K4 ln K where d/r over- or underflows a double matches 50-digit values to 1e-13`` () =
    Expect.allWithin "ln K4" [
        for beta, r, d, ln in table ->
            Expect.row (sprintf "β=%g r=%g d=%g" beta r d) ln (Kernel.expBetaOfDistance beta r d).Ln (1e-13 * abs ln) ]

[<Fact>]
let ``K4 is 1 at distance 0 and ln K is -infinity only beyond the largest double`` () =
    Assert.Equal(0.0, (Kernel.expBetaOfDistance 1e-300 5e-324 0.0).Ln)
    Assert.Equal(1.0, (Kernel.expBetaOfDistance 1e300 1.0 0.0).Value)
    // (1e300 / 1e-300)^2 = 1e1200: ln K is below every double, K is 0.
    Assert.Equal(System.Double.NegativeInfinity, (Kernel.expBetaOfDistance 2.0 1e-300 1e300).Ln)

[<Fact>]
let ``K7 softmax is a probability vector at any finite beta and refuses a score beyond a double naming q`` () =
    let patterns = [| [| 1e200; 0.0 |]; [| 0.0; 1e200 |]; [| 5e199; 5e199 |] |]
    let q = [| 1e100; 2e100 |]
    // scores 1e300, 2e300, 1.5e300: β = 1 already separates them by 1e300 — one-hot on the second pattern.
    Assert.Equal<float[]>([| 0.0; 1.0; 0.0 |], Kernel.softmax 1.0 patterns q)
    Assert.Equal<float[]>([| 0.0; 1.0; 0.0 |], Kernel.softmax 1e300 [| [| 1e10 |]; [| 2e10 |]; [| 1.5e10 |] |] [| 1.0 |]) // β ξ·q = 1e310
    // β = 5e-324: every logit β(s − max) is 0 or −5e-324·…, so the weights are uniform to rounding.
    let uniform = Kernel.softmax 5e-324 [| [| 1.0 |]; [| 2.0 |]; [| 1.5 |] |] [| 1.0 |]
    for w in uniform do Assert.Equal(1.0 / 3.0, w, 15)
    let e = Assert.Throws<System.ArgumentException>(fun () -> Kernel.softmax 1.0 [| [| 1e200 |]; [| 1.0 |] |] [| 1e200 |] |> ignore)
    Assert.Equal("q", e.ParamName)
