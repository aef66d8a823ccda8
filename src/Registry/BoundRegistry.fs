/// Every capacity formula by id, with its parameters and valid ranges: the single table that the
/// CLI (`akern bound list`, `--batch`) and the C# facade enumerate. Parameters arrive as doubles
/// keyed by the papers' symbols; whole-number parameters must hold whole numbers.
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.BoundRegistry

open System

/// A parameter of a closed form: its symbol (the CLI flag and JSON key) and its valid range, written
/// exactly as evaluation checks it: an interval "(lo, hi]" (∞ for no finite end; a real parameter is
/// always finite), optionally "whole number in …", and endpoints that may name an earlier parameter
/// (N, f̃). The registry test suite parses these strings and probes both sides of every end.
type Parameter = { Name: string; Range: string }

/// One registered closed form.
type Spec =
    { Id: string
      Parameters: Parameter list
      Equation: string
      Summary: string
      Evaluate: Map<string, float> -> Bound }

let internal intArg (args: Map<string, float>) (name: string) (lo: float) =
    let v = args.[name]
    Validate.wholeBetween name lo (float Int32.MaxValue) v
    int v

let internal floatArg (args: Map<string, float>) (name: string) = args.[name]

/// "whole number in [lo, 2147483647]": the range of an int parameter (intArg).
let internal wholeFrom (lo: int) = sprintf "whole number in [%d, %d]" lo Int32.MaxValue

let private nP = { Name = "N"; Range = wholeFrom 1 }
let private n2P = { Name = "N"; Range = wholeFrom 2 }
let private degP = { Name = "n"; Range = wholeFrom 2 }
let private kP = { Name = "K"; Range = "[2, ∞), patterns (a real number)" }
let private sigma2P = { Name = "sigma2"; Range = "(0, 0.5)" }
let private fP = { Name = "f"; Range = "(0, 1)" }
let private rhoP = { Name = "rho"; Range = "[0, f̃/4), f̃ = 2f(1−f)" }
let private sphereRP = { Name = "r"; Range = "(0, 1/√2)" }

let private spec id ps equation summary evaluate =
    { Id = id; Parameters = ps; Equation = equation; Summary = summary; Evaluate = evaluate }

/// All capacity formulas, in SPEC order (C1–C8).
[<CompiledName("All")>]
let all : Spec list =
    let i = intArg
    let x = floatArg
    [ spec "hopfield-classical" [ nP ] "DAM §2" "classical Hopfield capacity ≈ 0.138 N"
          (fun a -> Hopfield.classical (i a "N" 1.0))
      spec "dam-no-error" [ degP; n2P ] "DAM Eq. 6" "dense memory, no-error capacity N^{n−1}/(2(2n−3)!! ln N)"
          (fun a -> Dam.noErrorCapacity (i a "n" 2.0) (i a "N" 2.0))
      spec "dam-error-probability" [ degP; n2P; kP ] "DAM §2" "dense memory, asymptotic P_error (capped at ½ where the tail expansion fails)"
          (fun a -> Dam.errorProbability (i a "n" 2.0) (i a "N" 2.0) (x a "K"))
      spec "dam-error-probability.gaussian" [ degP; n2P; kP ] "DAM §2" "dense memory, P_error as the Gaussian tail ½ erfc(⟨ΔE⟩/√(2Σ²))"
          (fun a -> Dam.errorProbabilityGaussian (i a "n" 2.0) (i a "N" 2.0) (x a "K"))
      spec "dam-max-patterns" [ degP; n2P; { Name = "perror"; Range = "(0, 0.5)" } ] "DAM Eq. 5" "dense memory, K_max at a bit-error threshold"
          (fun a -> Dam.maxPatterns (i a "n" 2.0) (i a "N" 2.0) (x a "perror"))
      spec "model-a" [ degP; { Name = "Nf"; Range = wholeFrom 1 }; { Name = "Nh"; Range = "whole number in [1, ∞)" } ] "LAM Eq. 9"
          "model A capacity min(N_f^{n−1}, N_h)"
          (fun a -> ModelA.capacity (i a "n" 2.0) (i a "Nf" 1.0) (x a "Nh"))
      spec "vc-linear" [ nP ] "KMN §3.2" "linear kernel, 2N"
          (fun a -> VcDimension.linear (i a "N" 1.0))
      spec "vc-polynomial" [ nP; { Name = "p"; Range = wholeFrom 1 } ] "KMN App. A.1" "homogeneous polynomial kernel of degree p, 2 × monomial count"
          (fun a -> VcDimension.polynomial (i a "N" 1.0) (i a "p" 1.0))
      spec "vc-exponential" [ nP ] "KMN Eq. 27" "exponential kernel, 2^N"
          (fun a -> VcDimension.exponential (i a "N" 1.0))
      spec "sv-proliferation" [ nP ] "KMN Eq. 29" "one-shot rules: N / (2 W₀(N/2))"
          (fun a -> VcDimension.supportVectorProliferation (i a "N" 1.0))
      spec "expbeta-noise" [ nP; { Name = "r"; Range = "(0, ∞)" } ] "KMN Eq. 23" "Exp-β network, tolerated noise variance σ²_max = r²/N"
          (fun a -> ExpBeta.noise (i a "N" 1.0) (x a "r"))
      spec "expbeta-noise.bipolar" [ nP; { Name = "r"; Range = "(0, ∞)" } ] "KMN Eq. 96" "Exp-β network, tolerated bit-flip probability ρ_max = min(1, r²/4N)"
          (fun a -> ExpBeta.noiseBipolar (i a "N" 1.0) (x a "r"))
      spec "expbeta-gaussian.exact" [ nP; sigma2P ] "KMN Eq. 84" "Exp-β capacity, Gaussian patterns"
          (fun a -> ExpBeta.gaussianExact (i a "N" 1.0) (x a "sigma2"))
      spec "expbeta-gaussian.lower" [ nP; sigma2P ] "KMN Eq. 87" "Exp-β capacity lower bound, Gaussian patterns"
          (fun a -> ExpBeta.gaussianLower (i a "N" 1.0) (x a "sigma2"))
      spec "expbeta-gaussian-radius.exact" [ nP; { Name = "r"; Range = "(0, √(N/2))" } ] "KMN Eq. 83" "Exp-β capacity, Gaussian patterns, by radius"
          (fun a -> ExpBeta.gaussianRadiusExact (i a "N" 1.0) (x a "r"))
      spec "expbeta-sphere.exact" [ n2P; sphereRP ] "KMN Eq. 94" "Exp-β capacity, patterns on the sphere"
          (fun a -> ExpBeta.sphereExact (i a "N" 2.0) (x a "r"))
      spec "expbeta-sphere.lower" [ n2P; sphereRP ] "KMN Eq. 95" "Exp-β capacity lower bound, patterns on the sphere"
          (fun a -> ExpBeta.sphereLower (i a "N" 2.0) (x a "r"))
      spec "expbeta-bipolar.exact" [ nP; fP; rhoP ] "KMN Eq. 105" "Exp-β capacity, ±1 patterns"
          (fun a -> ExpBeta.bipolarExact (i a "N" 1.0) (x a "f") (x a "rho"))
      spec "expbeta-bipolar.lower" [ nP; fP; rhoP ] "KMN Eq. 106" "Exp-β capacity lower bound, ±1 patterns"
          (fun a -> ExpBeta.bipolarLower (i a "N" 1.0) (x a "f") (x a "rho"))
      spec "expbeta-gaussian.tight" [ nP; sigma2P ] "C8" "Exp-β mean capacity, Gaussian patterns, latent mean field over ‖ξ‖ (within 3% of simulation)"
          (fun a -> ExpBetaTight.gaussian (i a "N" 1.0) (x a "sigma2"))
      spec "expbeta-sphere.tight" [ n2P; sphereRP ] "C8" "Exp-β mean capacity, sphere, exact Eq. 90 law + birthday mean (no latent: pairs nearly independent)"
          (fun a -> ExpBetaTight.sphere (i a "N" 2.0) (x a "r"))
      spec "expbeta-bipolar.tight" [ nP; fP; rhoP ] "C8" "Exp-β mean capacity, ±1 patterns, latent mean field over the count of +1 entries"
          (fun a -> ExpBetaTight.bipolar (i a "N" 1.0) (x a "f") (x a "rho"))
      spec "expbeta-gaussian.birthday" [ nP; sigma2P ] "C8" "Exp-β mean capacity, Gaussian patterns, exact χ² law + birthday mean √(π/2p) (5–14% low)"
          (fun a -> ExpBetaTight.gaussianBirthday (i a "N" 1.0) (x a "sigma2"))
      spec "expbeta-sphere.birthday" [ n2P; sphereRP ] "C8" "Exp-β mean capacity, sphere, exact Eq. 90 law + birthday mean √(π/2p)"
          (fun a -> ExpBetaTight.sphereBirthday (i a "N" 2.0) (x a "r"))
      spec "expbeta-bipolar.birthday" [ nP; fP; rhoP ] "C8" "Exp-β mean capacity, ±1 patterns, exact binomial law + birthday mean √(π/2p) (up to 29% low, f ≠ ½)"
          (fun a -> ExpBetaTight.bipolarBirthday (i a "N" 1.0) (x a "f") (x a "rho")) ]

/// The spec with this id, if any.
[<CompiledName("TryFind")>]
let tryFind (id: string) : Spec option = all |> List.tryFind (fun s -> s.Id = id)

/// Checks that `args` holds exactly the parameters of `spec` (ArgumentException naming the missing or
/// unknown one otherwise).
let internal checkArguments (id: string) (parameters: Parameter list) (args: Map<string, float>) =
    for p in parameters do
        if not (args.ContainsKey p.Name) then
            raise (ArgumentException(sprintf "%s needs parameter %s (valid range %s)." id p.Name p.Range, p.Name))
    for KeyValue(name, _) in args do
        if not (parameters |> List.exists (fun p -> p.Name = name)) then
            let expected = parameters |> List.map (fun p -> p.Name) |> String.concat ", "
            raise (ArgumentException(sprintf "%s has no parameter %s (its parameters: %s)." id name expected, name))

/// Evaluates the formula `id` at `args` (symbol → value). Unknown id, missing or unknown parameter,
/// or a value outside its range: ArgumentException naming it.
[<CompiledName("Evaluate")>]
let evaluate (id: string) (args: Map<string, float>) : Bound =
    match tryFind id with
    | None ->
        raise (ArgumentException(sprintf "unknown bound id '%s' (see `akern bound list`)." id, "id"))
    | Some spec ->
        checkArguments id spec.Parameters args
        spec.Evaluate args
