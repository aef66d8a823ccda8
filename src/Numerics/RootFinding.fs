/// Root finding on an interval.
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.RootFinding

open System

/// Bisection for a root of f in [lo, hi], where f(lo) and f(hi) have opposite signs (f continuous): the
/// half whose end keeps the sign of f(lo) is dropped, c = (a + b)/2 each step (a zero at c counts as the
/// sign change side), until b − a ≤ `tolerance`, the midpoint is no longer strictly between a and b (the two
/// ends are neighbouring doubles), or 200 halvings. Returns the midpoint of the final bracket. Exactly one
/// root is bracketed when f is monotone. tolerance ≥ 0 (0: to the resolution of a double).
[<CompiledName("Bisect")>]
let bisect (f: float -> float) (lo: float) (hi: float) (tolerance: float) : float =
    Validate.finite "lo" lo
    Validate.finite "hi" hi
    Validate.nonNegative "tolerance" tolerance
    if not (hi > lo) then
        raise (ArgumentException(sprintf "hi = %s must lie above lo = %s." (Validate.show hi) (Validate.show lo), "hi"))
    let mutable a = lo
    let mutable b = hi
    let sa = Math.Sign(f a)
    let mutable i = 0
    let mutable c = 0.5 * (a + b)
    while i < 200 && b - a > tolerance && c > a && c < b do
        if Math.Sign(f c) = sa then a <- c else b <- c
        c <- 0.5 * (a + b)
        i <- i + 1
    c
