/// Argument checks shared by every public function of the core.
/// Each check throws an ArgumentException subtype whose message names the parameter, the value
/// and the valid range; nothing is silently clamped (DESIGN.md, "Conventions").
module AssociativeKernels.Core.Validate

open System

let private fail (name: string) (value: obj) (message: string) : 'a =
    raise (ArgumentOutOfRangeException(name, value, message))

/// Formats a number for an error message (round-trip precision, no locale).
let show (x: float) = x.ToString("R", Globalization.CultureInfo.InvariantCulture)

/// x must be a finite number (not NaN, not ±∞).
let finite (name: string) (x: float) =
    if not (Double.IsFinite x) then
        fail name x (sprintf "%s = %s must be a finite number." name (show x))

/// lo < x < hi.
let openInterval (name: string) (lo: float) (hi: float) (x: float) =
    finite name x
    if not (x > lo && x < hi) then
        fail name x (sprintf "%s = %s is outside its valid range (%s, %s)." name (show x) (show lo) (show hi))

/// lo ≤ x < hi.
let closedOpen (name: string) (lo: float) (hi: float) (x: float) =
    finite name x
    if not (x >= lo && x < hi) then
        fail name x (sprintf "%s = %s is outside its valid range [%s, %s)." name (show x) (show lo) (show hi))

/// lo < x ≤ hi.
let openClosed (name: string) (lo: float) (hi: float) (x: float) =
    finite name x
    if not (x > lo && x <= hi) then
        fail name x (sprintf "%s = %s is outside its valid range (%s, %s]." name (show x) (show lo) (show hi))

/// lo ≤ x ≤ hi.
let closed (name: string) (lo: float) (hi: float) (x: float) =
    finite name x
    if not (x >= lo && x <= hi) then
        fail name x (sprintf "%s = %s is outside its valid range [%s, %s]." name (show x) (show lo) (show hi))

/// x ≥ lo (and finite).
let atLeastReal (name: string) (lo: float) (x: float) =
    finite name x
    if not (x >= lo) then
        fail name x (sprintf "%s = %s is outside its valid range [%s, ∞)." name (show x) (show lo))

/// x > 0 (and finite).
let positive (name: string) (x: float) =
    finite name x
    if not (x > 0.0) then
        fail name x (sprintf "%s = %s is outside its valid range (0, ∞)." name (show x))

/// x ≥ 0 (and finite).
let nonNegative (name: string) (x: float) =
    finite name x
    if not (x >= 0.0) then
        fail name x (sprintf "%s = %s is outside its valid range [0, ∞)." name (show x))

/// Integer n ≥ lo.
let atLeast (name: string) (lo: int) (n: int) =
    if n < lo then
        fail name n (sprintf "%s = %d is outside its valid range [%d, ∞)." name n lo)

/// Integer lo ≤ n ≤ hi.
let between (name: string) (lo: int) (hi: int) (n: int) =
    if n < lo || n > hi then
        fail name n (sprintf "%s = %d is outside its valid range [%d, %d]." name n lo hi)

/// A float parameter that must hold a whole number in [lo, hi] (for parameters such as N that
/// arrive as doubles from the command line or JSON).
let wholeBetween (name: string) (lo: float) (hi: float) (x: float) =
    finite name x
    if not (x >= lo && x <= hi && Math.Floor x = x) then
        fail name x (sprintf "%s = %s must be a whole number in [%s, %s]." name (show x) (show lo) (show hi))

/// Every component of a vector is finite.
let vector (name: string) (v: float[]) =
    if isNull (box v) then raise (ArgumentNullException(name))
    for i in 0 .. v.Length - 1 do
        if not (Double.IsFinite v.[i]) then
            fail name v.[i] (sprintf "%s[%d] = %s: every component must be a finite number." name i (show v.[i]))

/// Two vectors have the same length.
let sameLength (nameX: string) (x: float[]) (nameY: string) (y: float[]) =
    if x.Length <> y.Length then
        raise (ArgumentException(sprintf "%s has length %d but %s has length %d; they must have the same length." nameX x.Length nameY y.Length, nameY))

/// A vector is not empty.
let nonEmpty (name: string) (v: 'a[]) =
    if isNull (box v) then raise (ArgumentNullException(name))
    if v.Length = 0 then
        raise (ArgumentException(sprintf "%s is empty; it must hold at least one element." name, name))
