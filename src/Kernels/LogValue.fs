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

/// A closed-form kernel evaluated through its registry entry (SPEC K4–K6): the value in log space, where it
/// comes from, and whether the parameters lie in the range where its derivation holds (e.g. the sparse
/// approximation of K6 needs b ≥ 0.9). Not a capacity `Bound`: a kernel value lies in [0, 1].
type KernelResult =
    { /// The kernel's id.
      Id: string
      /// The value as a LogValue (Ln = −∞ for an exact zero).
      Kernel: LogValue
      /// Paper and equation number.
      Equation: string
      /// The assumptions under which the derivation holds, in words.
      Regime: string
      /// Whether the given parameters satisfy `Regime`.
      InRange: bool }
    /// Natural log of the value.
    member this.Ln = this.Kernel.Ln
    /// The value e^Ln (0 for an exact zero or where it underflows).
    member this.Value = this.Kernel.Value

/// Construction of KernelResult values.
[<RequireQualifiedAccess>]
module KernelResult =
    /// The result of kernel `info`, with whether the parameters are in range (satisfy `info.Regime`).
    let make (info: FormulaInfo) (inRange: bool) (value: LogValue) : KernelResult =
        { Id = info.Id; Kernel = value; Equation = info.Equation; Regime = info.Regime; InRange = inRange }

    /// The regime text of kernels that are exact for every parameter in range.
    let internal exact = "exact for every parameter in range"
