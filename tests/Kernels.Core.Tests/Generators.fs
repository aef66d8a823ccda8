/// Generators for the property tests (STYLE.md rule 13): they produce the awkward cases on purpose —
/// N = 1, N not a multiple of a vector width, duplicated entries, parameters at the ends of their range.
module Kernels.Core.Tests.Generators

open System
open FsCheck
open FsCheck.FSharp

/// x·y summed left to right (the tests' own dot product, independent of the library's).
let dot (x: float[]) (y: float[]) = Array.fold2 (fun s a b -> s + a * b) 0.0 x y

/// A float uniform in [lo, hi] at 1e-6 resolution, including both ends.
let floatIn (lo: float) (hi: float) : Gen<float> =
    Gen.choose (0, 1_000_000) |> Gen.map (fun i -> lo + (hi - lo) * float i / 1e6)

/// A float in the open interval (lo, hi).
let floatOpen (lo: float) (hi: float) : Gen<float> =
    Gen.choose (1, 999_999) |> Gen.map (fun i -> lo + (hi - lo) * float i / 1e6)

/// log-uniform whole numbers in [lo, hi] (small and huge N alike).
let logUniformInt (lo: int) (hi: int) : Gen<int> =
    floatIn (Math.Log(float lo)) (Math.Log(float hi)) |> Gen.map (fun l -> int (Math.Round(Math.Exp l)) |> max lo |> min hi)

/// A real vector of length n with entries in [−3, 3].
let realVector (n: int) : Gen<float[]> = Gen.arrayOfLength n (floatIn -3.0 3.0)

/// A ±1 vector of length n.
let bipolarVector (n: int) : Gen<float[]> =
    Gen.arrayOfLength n (Gen.elements [ -1.0; 1.0 ])

/// Dimensions 1–33, weighted towards the awkward small ones.
let dimension : Gen<int> = Gen.frequency [ 3, Gen.choose (1, 4); 5, Gen.choose (5, 33) ]

/// A pair of real vectors of the same length.
let realPair : Gen<float[] * float[]> =
    gen {
        let! n = dimension
        let! x = realVector n
        let! y = realVector n
        return x, y
    }

/// M patterns of dimension N (rows), M in [1, 8].
let realPatterns : Gen<float[][]> =
    gen {
        let! n = Gen.choose (1, 6)
        let! m = Gen.choose (1, 8)
        return! Gen.arrayOfLength m (realVector n)
    }

/// A seed for seeded random draws inside a property.
let seed : Gen<int> = Gen.choose (0, Int32.MaxValue)

/// Wraps a generator for Prop.forAll.
let arb (g: Gen<'a>) : Arbitrary<'a> = Arb.fromGen g

/// A claim's verdict (AssociativeKernels.Core.Claims, the one home of each theorem's check) as a property: Pass holds,
/// Fail fails with the claim's message as its label, Discard is discarded like a failed `==>` precondition.
let verdict (v: AssociativeKernels.Core.Verdict) : Property =
    match v with
    | AssociativeKernels.Core.Pass -> Prop.ofTestable true
    | AssociativeKernels.Core.Fail message -> Prop.label message false
    | AssociativeKernels.Core.Discard _ -> false ==> lazy true

/// Labels a testable so a failure says which part broke (FsCheck 3 dropped its `|@` operator).
/// Precedence is that of `||`: parenthesise both sides when combining with `.&.`.
let (|@) (testable: 'T) (label: string) : Property = Prop.label label testable
