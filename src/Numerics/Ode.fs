/// Adaptive integration of ordinary differential equations dy/dt = f(t, y), used by the continuous-time
/// two-layer network of LAM (Krotov & Hopfield 2021, Eq. 1). One method, documented here: the
/// Dormand–Prince 5(4) embedded Runge–Kutta pair (Dormand & Prince 1980; the coefficients of Hairer,
/// Nørsett & Wanner, Solving ODEs I, Table II.5.2), propagating the 5th-order solution (local
/// extrapolation) and using the difference to the embedded 4th-order solution as the local error estimate.
///
/// Step control (Hairer–Nørsett–Wanner I, §II.4): the error of a step is
///   err = sqrt( (1/d) Σ_i ( e_i / (atol + rtol · max(|y_i|, |y_new_i|)) )² ),
/// a step is accepted when err ≤ 1, and the next step is h · min(5, max(0.2, 0.9 · err^(−1/5)))
/// (never growing right after a rejection). The first step comes from the HNW starting-step routine.
/// The integration ends at EndTime, at a stationary point (every |dy/dt| ≤ StationaryTolerance, when that
/// is positive), after MaxSteps attempted steps (accepted + rejected), or when the step size falls below
/// the resolution of t (16 ulps of t).
namespace AssociativeKernels.Core

open System

/// How an ODE integration ended.
[<RequireQualifiedAccess>]
type OdeEnding =
    /// The end time was reached.
    | ReachedEndTime
    /// Every component of dy/dt fell to at most the stationary tolerance: the state is at a fixed point.
    | Stationary
    /// MaxSteps steps (accepted + rejected) were attempted first.
    | StepLimit
    /// The step size needed to meet the tolerances fell below the resolution of t (a singularity, a
    /// discontinuous right-hand side, or a state that is no longer finite).
    | StepSizeUnderflow

/// Options of an adaptive integration: the end time, the tolerances of the local error test
/// (absolute and relative, per component), the step limit, and an optional stationarity test.
type OdeOptions =
    { /// Integrate from t0 up to this time (> t0).
      EndTime: float
      /// Relative tolerance rtol of the local error test, in [0, 1).
      RelativeTolerance: float
      /// Absolute tolerance atol of the local error test, > 0 (a component passing through 0 would
      /// otherwise have no error scale at all).
      AbsoluteTolerance: float
      /// Maximum number of attempted steps (accepted + rejected), ≥ 1.
      MaxSteps: int
      /// Stop early when every |dy_i/dt| ≤ this value after an accepted step; 0 disables the test.
      StationaryTolerance: float }

/// The accepted steps of an integration: the times and states (the initial one first), how many steps
/// were accepted and rejected, how many times the right-hand side was evaluated, and how it ended.
type OdeSolution =
    { Times: float[]
      States: float[][]
      Accepted: int
      Rejected: int
      Evaluations: int
      Ending: OdeEnding }

/// The Dormand–Prince 5(4) integrator with adaptive step size.
[<RequireQualifiedAccess>]
module Ode =
    // Dormand–Prince 5(4) tableau (HNW I, Table II.5.2).
    let private c2, c3, c4, c5 = 1.0 / 5.0, 3.0 / 10.0, 4.0 / 5.0, 8.0 / 9.0
    let private a21 = 1.0 / 5.0
    let private a31, a32 = 3.0 / 40.0, 9.0 / 40.0
    let private a41, a42, a43 = 44.0 / 45.0, -56.0 / 15.0, 32.0 / 9.0
    let private a51, a52, a53, a54 = 19372.0 / 6561.0, -25360.0 / 2187.0, 64448.0 / 6561.0, -212.0 / 729.0
    let private a61, a62, a63, a64, a65 = 9017.0 / 3168.0, -355.0 / 33.0, 46732.0 / 5247.0, 49.0 / 176.0, -5103.0 / 18656.0
    // 5th-order weights (also the 7th stage's row: first same as last).
    let private b1, b3, b4, b5, b6 = 35.0 / 384.0, 500.0 / 1113.0, 125.0 / 192.0, -2187.0 / 6784.0, 11.0 / 84.0
    // Error weights: 5th-order minus 4th-order weights (b*: 5179/57600, 0, 7571/16695, 393/640,
    // −92097/339200, 187/2100, 1/40).
    let private e1, e3, e4, e5, e6, e7 = 71.0 / 57600.0, -71.0 / 16695.0, 71.0 / 1920.0, -17253.0 / 339200.0, 22.0 / 525.0, -1.0 / 40.0

    /// Default options: end time 10, rtol 1e-6, atol 1e-9, 100 000 steps, no stationarity test.
    [<CompiledName("DefaultOptions")>]
    let defaultOptions =
        { EndTime = 10.0; RelativeTolerance = 1e-6; AbsoluteTolerance = 1e-9; MaxSteps = 100_000; StationaryTolerance = 0.0 }

    /// Checks options against a start time t0 (each failure names the option).
    [<CompiledName("CheckOptions")>]
    let checkOptions (t0: float) (options: OdeOptions) =
        Validate.finite "t0" t0
        Validate.finite "EndTime" options.EndTime
        if not (options.EndTime > t0) then
            raise (ArgumentOutOfRangeException("EndTime", options.EndTime,
                    sprintf "EndTime = %s must be later than the start time %s." (Validate.show options.EndTime) (Validate.show t0)))
        Validate.closedOpen "RelativeTolerance" 0.0 1.0 options.RelativeTolerance
        Validate.positive "AbsoluteTolerance" options.AbsoluteTolerance
        Validate.atLeast "MaxSteps" 1 options.MaxSteps
        Validate.nonNegative "StationaryTolerance" options.StationaryTolerance

    /// Integrates dy/dt = f(t, y) from (t0, y0) with the Dormand–Prince 5(4) pair and adaptive steps (see
    /// the module's doc for the error norm and the step controller). Returns every accepted step. The
    /// right-hand side must return a vector of y's length; it is never handed a state it returned.
    [<CompiledName("DormandPrince")>]
    let dormandPrince (f: float -> float[] -> float[]) (options: OdeOptions) (t0: float) (y0: float[]) : OdeSolution =
        checkOptions t0 options
        Validate.vector "y0" y0
        let d = y0.Length
        let rtol, atol = options.RelativeTolerance, options.AbsoluteTolerance
        let mutable evaluations = 0
        let eval t (y: float[]) =
            evaluations <- evaluations + 1
            let r = f t y
            if isNull (box r) || r.Length <> d then
                raise (InvalidOperationException(sprintf "The right-hand side returned a vector of length %d for a state of length %d." (if isNull (box r) then 0 else r.Length) d))
            r
        let combine (y: float[]) (h: float) (terms: (float * float[]) list) =
            let r = Array.copy y
            for (a, k) in terms do
                if a <> 0.0 then
                    for i in 0 .. d - 1 do
                        r.[i] <- r.[i] + h * a * k.[i]
            r
        let rms (v: float[]) (scale: int -> float) =
            if d = 0 then 0.0
            else
                let mutable s = 0.0
                for i in 0 .. d - 1 do
                    let q = v.[i] / scale i
                    s <- s + q * q
                sqrt (s / float d)
        let maxAbs (v: float[]) = if d = 0 then 0.0 else v |> Array.fold (fun m x -> max m (abs x)) 0.0
        let tEnd = options.EndTime
        let times = ResizeArray<float>([ t0 ])
        let states = ResizeArray<float[]>([ Array.copy y0 ])
        let mutable t = t0
        let mutable y = Array.copy y0
        let mutable k1 = eval t y
        // HNW starting step (Solving ODEs I, §II.4, "Starting step size").
        let mutable h =
            let sc i = atol + rtol * abs y.[i]
            let d0 = rms y sc
            let d1 = rms k1 sc
            let h0 = if d0 < 1e-5 || d1 < 1e-5 then 1e-6 else 0.01 * d0 / d1
            let h0 = min h0 (tEnd - t0)
            let y1 = combine y h0 [ 1.0, k1 ]
            let f1 = eval (t + h0) y1
            let d2 = rms (Array.init d (fun i -> f1.[i] - k1.[i])) sc / h0
            let h1 = if max d1 d2 <= 1e-15 then max 1e-6 (h0 * 1e-3) else Math.Pow(0.01 / max d1 d2, 1.0 / 5.0)
            let h = min (100.0 * h0) h1
            // extreme tolerance scales can overflow the norms above: fall back to a small step
            if h > 0.0 && Double.IsFinite h then h else 1e-6 * (tEnd - t0)
        let mutable accepted = 0
        let mutable rejected = 0
        let mutable ending = None
        let mutable lastRejected = false
        if options.StationaryTolerance > 0.0 && maxAbs k1 <= options.StationaryTolerance then ending <- Some OdeEnding.Stationary
        while ending.IsNone do
            if accepted + rejected >= options.MaxSteps then ending <- Some OdeEnding.StepLimit
            else
                let resolution = 16.0 * (Math.BitIncrement(abs t) - abs t)
                let hStep = min h (tEnd - t)
                if tEnd - t <= resolution then ending <- Some OdeEnding.ReachedEndTime
                elif hStep <= resolution then ending <- Some OdeEnding.StepSizeUnderflow
                else
                    let k2 = eval (t + c2 * hStep) (combine y hStep [ a21, k1 ])
                    let k3 = eval (t + c3 * hStep) (combine y hStep [ a31, k1; a32, k2 ])
                    let k4 = eval (t + c4 * hStep) (combine y hStep [ a41, k1; a42, k2; a43, k3 ])
                    let k5 = eval (t + c5 * hStep) (combine y hStep [ a51, k1; a52, k2; a53, k3; a54, k4 ])
                    let k6 = eval (t + hStep) (combine y hStep [ a61, k1; a62, k2; a63, k3; a64, k4; a65, k5 ])
                    let yNew = combine y hStep [ b1, k1; b3, k3; b4, k4; b5, k5; b6, k6 ]
                    let tNew = if hStep = tEnd - t then tEnd else t + hStep
                    let k7 = eval tNew yNew
                    let errVec = Array.init d (fun i -> hStep * (e1 * k1.[i] + e3 * k3.[i] + e4 * k4.[i] + e5 * k5.[i] + e6 * k6.[i] + e7 * k7.[i]))
                    let err = rms errVec (fun i -> atol + rtol * max (abs y.[i]) (abs yNew.[i]))
                    if Double.IsFinite err && err <= 1.0 && Array.forall Double.IsFinite yNew then
                        accepted <- accepted + 1
                        t <- tNew
                        y <- yNew
                        k1 <- k7
                        times.Add t
                        states.Add(Array.copy y)
                        let grow = if err = 0.0 then 5.0 else min 5.0 (max 0.2 (0.9 * Math.Pow(err, -1.0 / 5.0)))
                        h <- hStep * (if lastRejected then min 1.0 grow else grow)
                        lastRejected <- false
                        if t >= tEnd then ending <- Some OdeEnding.ReachedEndTime
                        elif options.StationaryTolerance > 0.0 && maxAbs k1 <= options.StationaryTolerance then ending <- Some OdeEnding.Stationary
                    else
                        rejected <- rejected + 1
                        let shrink = if Double.IsFinite err then max 0.2 (0.9 * Math.Pow(err, -1.0 / 5.0)) else 0.2
                        h <- hStep * min 1.0 shrink
                        lastRejected <- true
        { Times = times.ToArray()
          States = states.ToArray()
          Accepted = accepted
          Rejected = rejected
          Evaluations = evaluations
          Ending = ending.Value }
