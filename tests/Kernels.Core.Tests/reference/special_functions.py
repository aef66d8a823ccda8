#!/usr/bin/env python3
"""Reference values for AssociativeKernels.Core.SpecialFunctions, computed with mpmath (arbitrary precision).

Run:  python3 special_functions.py   (mpmath 1.3.0)
Prints the F# tables pasted into ../SpecialFunctionsTests.fs.

Every value is computed twice, at 50 and at 80 significant digits; the script stops if the two
disagree beyond 1e-30 relative, so every printed double is correctly rounded (or within 1 ulp).
Inputs are the exact binary doubles written in the table (mpf(float) is exact).
"""
from fsharp_tables import fs, table
from binomial_sums import log_prefix
from mpmath import mp, mpf
import math

def at_two_precisions(f):
    mp.dps = 50
    v1 = f()
    mp.dps = 80
    v2 = f()
    mp.dps = 50
    if v2 != 0 and abs((v1 - v2) / v2) > mpf(10) ** -30:
        raise SystemExit("precision disagreement: %s vs %s" % (v1, v2))
    if v2 == 0 and v1 != 0:
        raise SystemExit("precision disagreement at zero")
    return v2



# ---- ln erfc(x) ----------------------------------------------------------------------------
xs = [-5.0, -1.0, 0.0, 1e-8, 0.5, 1.0, 5.0, 10.0, 26.0, 27.0, 30.0, 100.0, 1e3, 1e4, 1e6]
rows = [(fs(x), fs(at_two_precisions(lambda: mp.log(mp.erfc(mpf(x)))))) for x in xs]
table("logErfcTable", "(float * float)", rows, "(x, ln erfc x), mpmath erfc at 80 digits.")

# ---- Lambert W0 ----------------------------------------------------------------------------
# -1/e itself is not a double; the nearest double (-0.36787944117144233) lies 1.24e-17 BELOW -1/e,
# where W0 is complex. It is the double a caller writes for -1/e, so the expected value is W0(-1/e) = -1
# (listed separately in the tests with a tolerance derived from the square-root branch point).
ws = [-0.3, -0.1, 0.0, 1e-10, 0.5, 1.0, math.e, 10.0, 1e3, 1e10, 1e100]
rows = [(fs(x), fs(at_two_precisions(lambda: mp.lambertw(mpf(x)).real))) for x in ws]
for x in ws:
    w = mp.lambertw(mpf(x))
    assert abs(w.imag) == 0
table("lambertW0Table", "(float * float)", rows, "(x, W0(x)), mpmath lambertw branch 0 at 80 digits.")

# ---- ln n!! for large n (small n are checked against exact BigInteger products in F#) --------
def log_dfact(n):
    n = mpf(n)
    # n!! = 2^(n/2) Γ(n/2+1) for even n;  n!! = 2^((n+1)/2) Γ(n/2+1)/sqrt(π) for odd n
    if int(n) % 2 == 0:
        return (n / 2) * mp.log(2) + mp.loggamma(n / 2 + 1)
    return ((n + 1) / 2) * mp.log(2) + mp.loggamma(n / 2 + 1) - mp.log(mp.pi) / 2
# cross-check the closed form against the exact product on small n
for n in range(1, 60):
    p = 1
    for k in range(n, 0, -2):
        p *= k
    mp.dps = 50
    assert abs(log_dfact(n) - mp.log(p)) < mpf(10) ** -40, n
rows = [(str(n), fs(at_two_precisions(lambda: log_dfact(n)))) for n in [99999, 100000, 1000001]]
table("logDoubleFactorialTable", "(int * float)", rows, "(n, ln n!!) via 2^(n/2) Γ(n/2+1) [even] or 2^((n+1)/2) Γ(n/2+1)/√π [odd].")

# ---- ln I_x(a, b) ---------------------------------------------------------------------------
def log_ibeta(a, b, x):
    a, b, x = mpf(a), mpf(b), mpf(x)
    return mp.log(mp.betainc(a, b, 0, x, regularized=True))

def scale_beta(a, b, x):
    # Natural magnitude of the terms a log-space implementation adds:
    # a|ln x| + b|ln(1-x)| + |lnΓ(a)| + |lnΓ(b)| + |lnΓ(a+b)| + 1.
    a, b, x = mpf(a), mpf(b), mpf(x)
    s = 1 + abs(mp.loggamma(a)) + abs(mp.loggamma(b)) + abs(mp.loggamma(a + b))
    if x > 0:
        s += a * abs(mp.log(x))
    if x < 1:
        s += b * abs(mp.log(1 - x))
    return s

beta_cases = [
    (0.5, 0.5, 0.5), (2.0, 3.0, 0.4), (1.0, 1.0, 0.25), (10.0, 0.5, 0.9),
    (5e5, 0.5, 0.5),                        # tiny: ln ≈ -3.5e5
    (5e5, 0.5, 0.999), (5e5, 0.5, 0.999999),
    (2.0, 3.0, 0.999999), (2.0, 3.0, 1.0 - 2.0**-40), (0.5, 5.0, 0.999), (3.0, 0.5, 1.0),
    (30.0, 20.0, 1e-3), (1e3, 1e3, 0.4), (1e3, 1e3, 0.6),
]
for n in [3, 10, 100, 1000, 100000]:            # b = 1/2, a = (N-1)/2: the SDM cap fraction family
    for x in [0.19, 0.5, 0.99]:
        beta_cases.append(((n - 1) / 2.0, 0.5, x))
rows = []
for (a, b, x) in beta_cases:
    v = at_two_precisions(lambda: log_ibeta(a, b, x))
    rows.append((fs(a), fs(b), fs(x), fs(v), fs(scale_beta(a, b, x))))
table("logBetaRegularizedTable", "(float * float * float * float * float)", rows,
      "(a, b, x, ln I_x(a,b), scale) with scale = 1 + a|ln x| + b|ln(1-x)| + |lnΓ a| + |lnΓ b| + |lnΓ(a+b)|.")

# ---- ln P(a, x), regularized lower incomplete gamma ------------------------------------------
def log_gammap(a, x):
    # Series P(a,x) = x^a e^-x / Γ(a+1) · Σ_k x^k / ((a+1)…(a+k)), summed until the terms fall below
    # the working precision (mpmath's own gammainc does not converge for a = 5e5).
    a, x = mpf(a), mpf(x)
    t, s, k = mpf(1), mpf(1), 0
    while True:
        k += 1
        t *= x / (a + k)
        s += t
        if k > x and t < s * mpf(10) ** (-mp.dps - 5):
            break
    return a * mp.log(x) - x - mp.loggamma(a + 1) + mp.log(s)

# cross-check the series against mpmath's gammainc where the latter converges
mp.dps = 50
for (a, x) in [(5.0, 0.5), (5.0, 3.0), (100.0, 150.0), (3.0, 50.0), (50.0, 15.0)]:
    assert abs(log_gammap(a, x) - mp.log(mp.gammainc(mpf(a), 0, mpf(x), regularized=True))) < mpf(10) ** -30

rows = []
for n in [10, 100, 10**4, 10**6]:
    for s2 in [0.05, 0.3, 0.49]:
        a, x = n / 2.0, s2 * n
        v = at_two_precisions(lambda: log_gammap(a, x))
        mp.dps = 50
        sc = 1 + a * abs(mp.log(mpf(x))) + x + abs(mp.loggamma(mpf(a)))
        rows.append((fs(a), fs(x), fs(v), fs(sc)))
for (a, x) in [(1.0, 1.0), (0.5, 1e-10), (3.0, 50.0), (100.0, 150.0), (5e5, 5.02e5)]:
    v = at_two_precisions(lambda: log_gammap(a, x))
    mp.dps = 50
    sc = 1 + a * abs(mp.log(mpf(x))) + x + abs(mp.loggamma(mpf(a)))
    rows.append((fs(a), fs(x), fs(v), fs(sc)))
table("logGammaLowerRegularizedTable", "(float * float * float * float)", rows,
      "(a, x, ln P(a,x), scale) with scale = 1 + a|ln x| + x + |lnΓ a|; rows 1-12 are a = N/2, x = σ²N.")

# ---- ln P(Binomial(n,p) <= k) ---------------------------------------------------------------
def log_binom_cdf(n, p, k):
    """Sum of the pmf from the mode-side outward: below the mode sum j = k, k-1, … (terms shrink);
    above it sum the upper tail j = k+1, k+2, … and take 1 - tail. Stops once a term is below
    10^-(dps+5) of the running sum. Terms by the exact ratio recurrence of the pmf."""
    if k >= n:
        return mpf(0)
    p = mpf(p)
    q = 1 - p
    tol = mpf(10) ** (-mp.dps - 5)
    def log_pmf(j):
        return mp.loggamma(n + 1) - mp.loggamma(j + 1) - mp.loggamma(n - j + 1) + j * mp.log(p) + (n - j) * mp.log(q)
    mode = int(mp.floor((n + 1) * p))
    if k <= mode:
        t0 = log_pmf(k)
        t, s, j = mpf(1), mpf(1), k
        while j > 0:
            t *= j / (n - j + mpf(1)) * q / p
            j -= 1
            s += t
            if t < s * tol:
                break
        return t0 + mp.log(s)
    t0 = log_pmf(k + 1)
    t, s, j = mpf(1), mpf(1), k + 1
    while j < n:
        t *= (n - j) / (j + mpf(1)) * p / q
        j += 1
        s += t
        if t < s * tol:
            break
    return mp.log1p(-mp.exp(t0) * s)

def log_binom_cdf_sum(n, p, k):
    p = mpf(p)
    return mp.log(mp.fsum(mp.binomial(n, j) * p**j * (1 - p)**(n - j) for j in range(0, k + 1)))

binom_cases = [(10, 0.5, 5), (10, 0.5, 0), (10, 0.5, 10), (20, 0.1, 1), (100, 0.1, 0), (100, 0.5, 80),
               (1000, 0.3, 200), (1000, 0.3, 400), (1000, 0.001, 3),
               (10**6, 0.5, 500000), (10**6, 0.3, 250000), (10**6, 0.3, 310000), (10**6, 0.001, 10),
               (10**6, 1e-6, 0)]
rows = []
for (n, p, k) in binom_cases:
    v = at_two_precisions(lambda: log_binom_cdf(n, p, k))
    if n <= 1000:   # second, independent route: the finite sum
        mp.dps = 80
        w = log_binom_cdf_sum(n, p, k)
        if k < n:   # third route: I_{1-p}(n-k, k+1)
            u = mp.log(mp.betainc(mpf(n - k), mpf(k + 1), 0, 1 - mpf(p), regularized=True))
            assert abs(u - w) <= mpf(10) ** -30 * max(1, abs(w)), (n, p, k, u, w)
        assert abs(v - w) <= mpf(10) ** -30 * max(1, abs(w)), (n, p, k, v, w)
    mp.dps = 50
    sc = 1 + (n - k) * abs(mp.log(1 - mpf(p))) + (k + 1) * abs(mp.log(mpf(p))) + 3 * abs(mp.loggamma(n + 1))
    rows.append((str(n), fs(p), str(k), fs(v), fs(sc)))
table("logBinomialCdfTable", "(int * float * int * float * float)", rows,
      "(n, p, k, ln P(Bin(n,p) <= k), scale); summed pmf; checked against the full sum and I_{1-p}(n-k, k+1) for n <= 1000.")

# ---- ln C(n, k) in the hard regions (k small against a huge n, k near n/2) -------------------
def log_choose(n, k):
    n, k = mpf(n), mpf(k)
    return mp.loggamma(n + 1) - mp.loggamma(k + 1) - mp.loggamma(n - k + 1)

# cross-check against exact integers where they are cheap
mp.dps = 50
for (n, k) in [(10**12, 1), (10**12, 3), (2**31 - 1, 2), (1000, 500), (60, 30)]:
    from math import comb
    assert abs(log_choose(n, k) - mp.log(comb(n, k))) < mpf(10) ** -30, (n, k)
choose_cases = [(1e12, 1.0), (1e12, 2.0), (1e12, 17.0), (1e12, 5e11), (1e12, 1e12 - 1.0),
                (2147483647.0, 1.0), (2147483647.0, 2.0), (2147483647.0, 1073741823.0),
                (2147483647.0, 2147483646.0), (2147483646.0, 1073741823.0), (1e9, 30.0), (1e9, 1000.0),
                (1e6, 3.0), (1e6, 500000.0), (1e6, 499000.0), (1e15, 1.0), (1e15, 4.0),
                (40.0, 20.0), (40.0, 1.0), (21.0, 1.0), (20.0, 10.0), (2.0, 1.0), (3.0, 1.0), (15.0, 7.0),
                (100.0, 3.0), (1e5, 20.0), (1e5, 21.0)]
rows = [(fs(n), fs(k), fs(at_two_precisions(lambda: log_choose(n, k)))) for (n, k) in choose_cases]
table("logBinomialTable", "(float * float * float)", rows,
      "(n, k, ln C(n,k)) via mpmath loggamma at 80 digits; checked against exact integers on five rows.")

# ---- ln Σ_{j≤q} C(m, j), the partial row sum of Pascal's triangle ------------------------------
def log_prefix_exact(m, q):
    from math import comb
    s, c = 0, 1
    for j in range(0, q + 1):
        s += c
        c = c * (m - j) // (j + 1)
    return mp.log(s)

mp.dps = 50
for (m, q) in [(1000, 3), (1000, 499), (1000, 500), (1000, 700), (5000, 2400), (101, 50)]:
    assert abs(log_prefix(m, q) - log_prefix_exact(m, q)) < mpf(10) ** -35, (m, q)
prefix_rows = []
for (m, q) in [(1, 0), (2, 0), (2, 1), (10, 4), (10, 5), (10, 9), (1000, 3), (1000, 499), (1000, 500), (1000, 700),
               (2147483646, 0), (2147483646, 1), (2147483646, 20), (2147483646, 2147483645),
               (10**6, 10), (10**6, 499000), (10**6, 500000), (10**6, 501000), (10**6, 999990)]:
    if q <= 20 or m <= 5000:
        mp.dps = 60
        v = log_prefix_exact(m, q)
        mp.dps = 50
    else:
        v = at_two_precisions(lambda: log_prefix(m, q))
    prefix_rows.append((str(m), str(q), fs(v)))
table("logBinomialPrefixSumTable", "(int * int * float)", prefix_rows,
      "(m, q, ln Σ_{j≤q} C(m,j)): exact integer sums for q ≤ 20 or m ≤ 5000, else the ratio sum at 80 digits.")

# ---- ln P(a, x) with a huge and x tiny or near a; W0 near -1/e and for huge x -------------------
rows = []
def log_gammap_long(a, x):
    # the series of log_gammap, stopped once the terms fall (k > x - a) and are below 10^-(dps+5)
    a, x = mpf(a), mpf(x)
    t, s, k = mpf(1), mpf(1), 0
    tol = mpf(10) ** (-mp.dps - 5)
    while True:
        k += 1
        t *= x / (a + k)
        s += t
        if a + k > x and t < s * tol:
            break
    return a * mp.log(x) - x - mp.loggamma(a + 1) + mp.log(s)

mp.dps = 50
for (a, x) in [(5.0, 3.0), (100.0, 150.0), (1e7, 9.9e6)]:
    assert abs(log_gammap_long(a, x) - mp.log(mp.gammainc(mpf(a), 0, mpf(x), regularized=True))) < mpf(10) ** -30
for (a, x) in [(1736170.0, 1.0), (1e6, 1e-3), (1e9, 1.0), (5e8, 1e-300), (1e9, 1e9 - 1e5), (1e9, 1e9),
               (1e9, 1e9 + 1e5), (1e7, 9.9e6), (20.5, 1e-5), (25.0, 24.0), (2e9, 2e9 - 1e3)]:
    v = at_two_precisions(lambda: log_gammap_long(a, x))
    rows.append((fs(a), fs(x), fs(v)))
table("logGammaLowerHardTable", "(float * float * float)", rows,
      "(a, x, ln P(a,x)) for a huge with x tiny or near a, mpmath at 80 digits.")

mp.dps = 50
minus_inv_e = float(-mp.exp(-1))
rows = []
for d in [1e-16, 3e-16, 1e-14, 1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-3, 1e-2]:
    x = float(mpf(minus_inv_e) + mpf(d))
    mp.dps = 50
    assert mpf(x) > -mp.exp(-1), d
    rows.append((fs(x), fs(at_two_precisions(lambda: mp.lambertw(mpf(x)).real))))
for x in [1e200, 1e300, 1.7976931348623157e308, 5e-324]:
    rows.append((fs(x), fs(at_two_precisions(lambda: mp.lambertw(mpf(x)).real))))
table("lambertW0HardTable", "(float * float)", rows,
      "(x, W0(x)) just above -1/e (x is the exact double written) and for huge and tiny x, mpmath at 80 digits.")
