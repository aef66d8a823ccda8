/// SPEC C8 against the process it estimates: the mean number of patterns stored before two come closer
/// than 2r (KMN Fig. E.1), simulated with CollisionProcess.
module Kernels.Core.Tests.C8MonteCarloTests

open Xunit
open Xunit.Abstractions
open AssociativeKernels.Core

type C8MonteCarloTests(output: ITestOutputHelper) =

    let compare (label: string) (estimate: Bound) (family: CollisionProcess.Family) (n: int) (r: float) (runs: int) (seed: int) =
        let mean, sem = CollisionProcess.meanCapacity family seed runs n r 1_000_000
        let est = estimate.Value.Value
        let err = est / mean - 1.0
        output.WriteLine(sprintf "%-28s MC %.2f ± %.2f (seed %d, %d runs)  C8 %.2f  error %+.1f%%" label mean sem seed runs est (100.0 * err))
        mean, err

    [<Theory>]
    [<InlineData(10, 0.1, 2000)>]
    [<InlineData(20, 0.1, 2000)>]
    [<InlineData(40, 0.2, 1500)>]
    [<InlineData(60, 0.2, 1000)>]
    [<Trait("Category", "Slow")>]
    member _.``C8 birthday mean for Gaussian patterns lands within 10% of the Fig. E.1 simulation where Eq. 84 is off by 3–10×`` (n: int, sigma2: float, runs: int) =
        let r = sqrt (sigma2 * float n)
        let mean, err = compare (sprintf "Gaussian N=%d σ²=%g" n sigma2) (ExpBetaTight.gaussianBirthday n sigma2) CollisionProcess.Gaussian n r runs 1
        Assert.True(abs err <= 0.10, sprintf "C8 error %.1f%%" (100.0 * err))
        let eq84 = (ExpBeta.gaussianExact n sigma2).Value.Value
        Assert.True(mean / eq84 >= 2.5, sprintf "Eq. 84 = %g is not far below the simulated %g" eq84 mean)

    /// An independent simulation inside the test (CollisionProcess, not the numpy runs behind
    /// C8TightTests) at two cheap points where the birthday mean is 13% and 26% low: the latent
    /// mean-field estimate must land within 3% + 3 standard errors.
    [<Fact>]
    member _.``C8 tight (latent mean field) matches an in-test simulation at two cheap points`` () =
        // Gaussian N = 30, σ² = 0.3 (capacity ≈ 7)
        let n, sigma2 = 30, 0.3
        let mean, sem = CollisionProcess.meanCapacity CollisionProcess.Gaussian 2030 2000 n (sqrt (sigma2 * float n)) 1_000_000
        let est = (ExpBetaTight.gaussian n sigma2).Value.Value
        output.WriteLine(sprintf "Gaussian N=30 σ²=0.3: MC %.3f ± %.3f (seed 2030, 2000 runs), tight %.3f (%+.2f%%)" mean sem est (100.0 * (est / mean - 1.0)))
        Assert.True(abs (est / mean - 1.0) <= 0.03 + 3.0 * sem / mean, sprintf "tight %g vs MC %g ± %g" est mean sem)
        // ±1 patterns N = 50, f = 0.1, at most D = 2 differing entries: Δ² = 4 d_H ≤ 4r² with r² = 2.5,
        // and ρ = (D + ½)/(4N) so that ⌊4ρN⌋ = D without rounding doubt
        let n, f, d = 50, 0.1, 2
        let mean, sem = CollisionProcess.meanCapacity (CollisionProcess.Bipolar f) 2050 2000 n (sqrt (float d + 0.5)) 1_000_000
        let est = (ExpBetaTight.bipolar n f ((float d + 0.5) / (4.0 * float n))).Value.Value
        output.WriteLine(sprintf "±1 N=50 f=0.1 D=2: MC %.3f ± %.3f (seed 2050, 2000 runs), tight %.3f (%+.2f%%)" mean sem est (100.0 * (est / mean - 1.0)))
        Assert.True(abs (est / mean - 1.0) <= 0.03 + 3.0 * sem / mean, sprintf "tight %g vs MC %g ± %g" est mean sem)
