/// SPEC C8 against the process it estimates: the mean number of patterns stored before two come closer
/// than 2r (KMN Fig. E.1), simulated with CollisionProcess.
module Kernels.Core.Tests.C8MonteCarloTests

open Xunit
open Xunit.Abstractions
open Kernels.Core

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
    member _.``C8 for Gaussian patterns lands within 10% of the Fig. E.1 simulation where Eq. 84 is off by 3–10×`` (n: int, sigma2: float, runs: int) =
        let r = sqrt (sigma2 * float n)
        let mean, err = compare (sprintf "Gaussian N=%d σ²=%g" n sigma2) (ExpBetaTight.gaussian n sigma2) CollisionProcess.Gaussian n r runs 1
        Assert.True(abs err <= 0.10, sprintf "C8 error %.1f%%" (100.0 * err))
        let eq84 = (ExpBeta.gaussianExact n sigma2).Value.Value
        Assert.True(mean / eq84 >= 2.5, sprintf "Eq. 84 = %g is not far below the simulated %g" eq84 mean)
