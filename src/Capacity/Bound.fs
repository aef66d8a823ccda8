namespace AssociativeKernels.Core

open System

/// A closed-form result (a capacity bound, or a closed-form kernel value) in log space, with where it
/// comes from and whether the parameters lie in the regime where the paper's derivation holds.
/// Parameters outside the formula's domain raise an ArgumentException before a Bound is made; the
/// `InRegime` flag is about the softer, asymptotic assumptions (large N, sparse codes, …) named in
/// `Regime`.
type Bound =
    { /// The formula's id (the CLI's and the registry's name for it).
      Id: string
      /// Natural log of the value; finite, except −∞ for an exactly zero kernel value or a probability
      /// whose log is itself below −1.8e308.
      Ln: float
      /// Paper and equation number.
      Equation: string
      /// The assumptions under which the derivation holds, in words.
      Regime: string
      /// Whether the given parameters satisfy `Regime`.
      InRegime: bool }
    /// e^Ln, or None where it overflows a double (the log is still exact).
    member this.Value =
        let v = Math.Exp this.Ln
        if Double.IsFinite v then Some v else None

/// Construction of Bound values.
[<RequireQualifiedAccess>]
module Bound =
    /// Makes a Bound from its natural log, refusing NaN and +∞ (an internal error if it ever happens).
    let make (id: string) (equation: string) (regime: string) (inRegime: bool) (ln: float) : Bound =
        { Id = id; Ln = (LogValue.ofLn ln).Ln; Equation = equation; Regime = regime; InRegime = inRegime }
