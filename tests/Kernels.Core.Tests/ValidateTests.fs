module Kernels.Core.Tests.ValidateTests

open System
open Xunit
open AssociativeKernels.Core

[<Fact>]
let ``an out-of-range parameter names itself, its value and the range`` () =
    let ex = Assert.Throws<ArgumentOutOfRangeException>(fun () -> Validate.openInterval "sigma2" 0.0 0.5 0.7)
    Assert.Equal("sigma2", ex.ParamName)
    Assert.Contains("0.7", ex.Message)
    Assert.Contains("(0, 0.5)", ex.Message)

[<Fact>]
let ``NaN is rejected even inside an interval check`` () =
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> Validate.openInterval "b" -1.0 1.0 nan) |> ignore
