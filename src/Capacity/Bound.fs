namespace AssociativeKernels.Core

open System

/// How a capacity formula gives its number to `Bound.make`.
[<RequireQualifiedAccess>]
type Magnitude =
    /// The value itself, where the formula gives it directly: an integer count (2N, 2 × a monomial count
    /// summed exactly, 2^N; exact below 2^53, the nearest double above), a product rounded once (0.138 N)
    /// or a ratio of two roundings (r²/N) — never e^{ln}, whose error grows with |ln|. Finite and ≥ 0.
    | Exactly of float
    /// Its natural log, for values that under- or overflow a double or that are only known through it.
    | Ln of float

/// A capacity result (SPEC C1–C8) in log space, with where it comes from and whether the parameters lie in
/// the range where the paper's derivation holds. Parameters outside the formula's domain raise an
/// ArgumentException before a Bound is made; `InRange` is about the softer, asymptotic assumptions
/// (large N, sparse codes, …) named in `Regime`. Made only by `Bound.make`.
type Bound =
    { /// The formula's id (the CLI's and the registry's name for it).
      Id: string
      /// The value: exact where the formula gives it exactly (Magnitude.Exactly), else e^Ln; None where it
      /// overflows a double (the log is still exact).
      Value: float option
      /// Natural log of the value; finite, except −∞ for a probability whose log is itself below −1.8e308.
      Ln: float
      /// Paper and equation number.
      Equation: string
      /// The assumptions under which the derivation holds, in words.
      Regime: string
      /// Whether the given parameters satisfy `Regime` (the parameters are in range).
      InRange: bool }

/// Construction of Bound values.
[<RequireQualifiedAccess>]
module Bound =
    /// Makes the Bound of formula `info`: from its exact value (then Ln = ln of it) or from its natural
    /// log (then Value = e^Ln). A NaN, +∞ or negative value is an internal error (ArithmeticException).
    let make (info: FormulaInfo) (inRange: bool) (magnitude: Magnitude) : Bound =
        let value, ln =
            match magnitude with
            | Magnitude.Exactly v ->
                if not (Double.IsFinite v && v >= 0.0) then
                    raise (ArithmeticException(sprintf "internal error: %s came out as %g" info.Id v))
                Some v, (LogValue.ofLn (Math.Log v)).Ln
            | Magnitude.Ln ln ->
                let ln = (LogValue.ofLn ln).Ln
                let v = Math.Exp ln
                (if Double.IsFinite v then Some v else None), ln
        { Id = info.Id; Value = value; Ln = ln; Equation = info.Equation; Regime = info.Regime; InRange = inRange }

    /// The exact value where it is finite and positive (a count, a product rounded once), else its log:
    /// for formulas whose direct form overflows or underflows at extreme parameters.
    let internal exactOr (value: float) (ln: float) =
        if Double.IsFinite value && value > 0.0 then Magnitude.Exactly value else Magnitude.Ln ln
