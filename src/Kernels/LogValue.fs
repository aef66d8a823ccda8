namespace AssociativeKernels.Core

open System

/// A non-negative quantity held as its natural logarithm, for kernels and bounds that under- or
/// overflow a double (K5, K6 at large N; capacities at N = 10⁶). `Ln = −∞` means exactly zero
/// (for example two SDM caps that do not overlap); `Ln` is never NaN and never +∞.
[<Struct>]
type LogValue =
    { /// Natural logarithm of the value.
      Ln: float }
    /// The value e^Ln: 0 when Ln = −∞, +∞ when it overflows a double (the log is still exact).
    member this.Value = Math.Exp this.Ln
    /// True when the value is exactly zero.
    member this.IsZero = Double.IsNegativeInfinity this.Ln

/// Construction of LogValue.
[<RequireQualifiedAccess>]
module LogValue =
    /// From a natural logarithm (must not be NaN or +∞).
    [<CompiledName("OfLn")>]
    let ofLn (ln: float) =
        if Double.IsNaN ln || Double.IsPositiveInfinity ln then
            raise (ArithmeticException(sprintf "internal error: log value %g is not a valid logarithm" ln))
        { Ln = ln + 0.0 } // −0 (a value that rounds to 1 from below) becomes 0

    /// From a value ≥ 0.
    [<CompiledName("OfValue")>]
    let ofValue (v: float) =
        Validate.nonNegative "value" v
        { Ln = Math.Log v }

    /// The exact zero.
    [<CompiledName("Zero")>]
    let zero = { Ln = Double.NegativeInfinity }
