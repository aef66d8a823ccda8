/// Every tolerance the core tests use, with where it comes from (STYLE.md rule 15).
module Kernels.Core.Tests.Tolerances

/// Machine epsilon of IEEE double.
let eps = System.Double.Epsilon |> ignore; 2.220446049250313e-16
