#!/usr/bin/env python3
"""Reference values for the capacity bounds in AssociativeKernels.Core (ExpBeta.*, Dam.*), straight from the papers'
formulas evaluated with mpmath at 50 significant digits (erfc, logs and double factorials exact or at
high precision). Every table holds ln of the quantity; at N = 10^6 only ln is representable.

Run:  python3 capacity.py   (mpmath 1.3.0)
Prints the F# tables pasted into ../CapacityReferenceTests.fs.

KMN = Iatropoulos, Brea, Gerstner 2022 (App. E); DAM = Krotov & Hopfield 2016 (§2).
The formulas were re-derived before use (see the comments), because the transcriptions are garbled in
places.
"""
from fsharp_tables import fs, table
from mpmath import mp, mpf
mp.dps = 50



def ln_m_exact(x):
    """ln M for M = 2 erfc(x)^(-1/2)  (KMN Eqs. 83, 84, 94, 104, 105: M²/2 = 1/P with P = ½ erfc(x))."""
    return mp.log(2) - mp.log(mp.erfc(x)) / 2

NS = [10, 100, 1000, 10**6]

# Eq. 83: x = (N - 2r²)/(2√N)   [Δ² ~ N(2N, 8N) ⇒ P(Δ² ≤ 4r²) = Φ((4r² - 2N)/√(8N))]
rows = []
for n in NS:
    for s2 in [0.05, 0.3, 0.49]:
        r = float(mp.sqrt(s2 * n))     # the double r handed to the function
        x = (n - 2 * mpf(r) ** 2) / (2 * mp.sqrt(n))
        rows.append((str(n), fs(r), fs(ln_m_exact(x))))
table("gaussianRadiusExactTable", "(int * float * float)", rows, "(N, r, ln M) KMN Eq. 83: M = 2 erfc((N - 2r²)/(2√N))^(-1/2).")

# Eq. 84: σ² = r²/N ⇒ x = √N (1 - 2σ²)/2 ;  Eq. 87: ln M ≥ ½ ln(2√(πN)(1-2σ²)) + N(1-2σ²)²/8
rows84, rows87 = [], []
for n in NS:
    for s2 in [0.05, 0.3, 0.49]:
        s2m = mpf(s2)
        x = mp.sqrt(n) * (1 - 2 * s2m) / 2
        rows84.append((str(n), fs(s2), fs(ln_m_exact(x))))
        l87 = mp.log(2 * mp.sqrt(mp.pi * n) * (1 - 2 * s2m)) / 2 + n * (1 - 2 * s2m) ** 2 / 8
        # the same bound through Eq. 86 applied to Eq. 84: M ≥ 2 (√π x e^{x²})^{1/2}
        assert abs(l87 - (mp.log(2) + (mp.log(mp.sqrt(mp.pi) * x) + x * x) / 2)) < mpf(10) ** -40
        rows87.append((str(n), fs(s2), fs(l87)))
table("gaussianExactTable", "(int * float * float)", rows84, "(N, σ², ln M) KMN Eq. 84: M = 2 erfc(√N(1-2σ²)/2)^(-1/2).")
table("gaussianLowerTable", "(int * float * float)", rows87, "(N, σ², ln M) KMN Eq. 87: M ≥ √(2√(πN)(1-2σ²)) exp(N(1-2σ²)²/8).")

# Eq. 94: Δ² ~ N(2, 4/N) ⇒ x = √N (1 - 2r²)/√2 ;  Eq. 95: ln M ≥ ½ ln(√(8πN)(1-2r²)) + N(1-2r²)²/4
rows94, rows95 = [], []
for n in NS:
    for r in [0.1, 0.3, 0.5, 0.7]:
        rm = mpf(r)
        x = mp.sqrt(n) * (1 - 2 * rm ** 2) / mp.sqrt(2)
        rows94.append((str(n), fs(r), fs(ln_m_exact(x))))
        l95 = mp.log(mp.sqrt(8 * mp.pi * n) * (1 - 2 * rm ** 2)) / 2 + n * (1 - 2 * rm ** 2) ** 2 / 4
        assert abs(l95 - (mp.log(2) + (mp.log(mp.sqrt(mp.pi) * x) + x * x) / 2)) < mpf(10) ** -40
        rows95.append((str(n), fs(r), fs(l95)))
table("sphereExactTable", "(int * float * float)", rows94, "(N, r, ln M) KMN Eq. 94: M = 2 erfc(√N(1-2r²)/√2)^(-1/2).")
table("sphereLowerTable", "(int * float * float)", rows95, "(N, r, ln M) KMN Eq. 95: M ≥ √(√(8πN)(1-2r²)) exp(N(1-2r²)²/4).")

# Eqs. 103-106: f̃ = 2f(1-f); Δ²/4 ~ Binomial(N, f̃) ≈ N(f̃N, f̃(1-f̃)N); r² = 4ρN
#   x = √N (f̃ - 4ρ)/√(2 f̃(1-f̃))
#   Eq. 106: ln M ≥ ln 2 + ¼ ln(πN/(2f̃(1-f̃))) + ½ ln(f̃ - 4ρ) + N(f̃-4ρ)²/(4f̃(1-f̃))
rows105, rows106 = [], []
for n in NS:
    for (f, rho) in [(0.5, 0.0), (0.5, 0.05), (0.5, 0.12), (0.1, 0.0), (0.1, 0.01), (0.1, 0.04)]:
        fm, rm = mpf(f), mpf(rho)
        ft = 2 * fm * (1 - fm)
        x = mp.sqrt(n) * (ft - 4 * rm) / mp.sqrt(2 * ft * (1 - ft))
        rows105.append((str(n), fs(f), fs(rho), fs(ln_m_exact(x))))
        l106 = mp.log(2) + mp.log(mp.pi * n / (2 * ft * (1 - ft))) / 4 + mp.log(ft - 4 * rm) / 2 + n * (ft - 4 * rm) ** 2 / (4 * ft * (1 - ft))
        assert abs(l106 - (mp.log(2) + (mp.log(mp.sqrt(mp.pi) * x) + x * x) / 2)) < mpf(10) ** -40
        rows106.append((str(n), fs(f), fs(rho), fs(l106)))
table("bipolarExactTable", "(int * float * float * float)", rows105, "(N, f, ρ, ln M) KMN Eq. 105: M = 2 erfc(√N(f̃-4ρ)/√(2f̃(1-f̃)))^(-1/2), f̃ = 2f(1-f).")
table("bipolarLowerTable", "(int * float * float * float)", rows106, "(N, f, ρ, ln M) KMN Eq. 106.")

# ---- DAM §2 ----------------------------------------------------------------------------------
def dfact(m):
    p = 1
    while m > 1:
        p *= m
        m -= 2
    return p

DAM = [(2, 100, 10), (2, 1000, 138), (3, 100, 1000), (3, 1000, 50000), (5, 50, 2),
       (10, 100, 1000000), (2, 10**6, 10**5), (3, 10**6, 10**9), (30, 1000, 10**20)]
rows_gap, rows_var, rows_pg, rows_pa, rows_ne = [], [], [], [], []
for (n, N, K) in DAM:
    gap = mpf(N ** n - (N - 2) ** n)                     # exact integer, ⟨ΔE⟩ = N^n - (N-2)^n
    var = mpf(4 * n * n * dfact(2 * n - 3) * (K - 1)) * mpf(N) ** (n - 1)  # Σ² = 4n²(2n-3)!!(K-1)N^(n-1)
    # P_error = ∫_{⟨ΔE⟩}^∞ N(0, Σ²) = ½ erfc(⟨ΔE⟩/√(2Σ²))
    pg = mp.erfc(gap / mp.sqrt(2 * var)) / 2
    # asymptotic form, re-derived: with ⟨ΔE⟩ ≈ 2nN^(n-1), Σ² ≈ 4n²(2n-3)!! K N^(n-1),
    # x² = ⟨ΔE⟩²/(2Σ²) = N^(n-1)/(2K(2n-3)!!) and ½ erfc(x) ≈ e^(-x²)/(2√π x), so
    # P ≈ √((2n-3)!!/(2π) · K/N^(n-1)) · exp(-N^(n-1)/(2K(2n-3)!!))
    d = mpf(dfact(2 * n - 3))
    lpa = (mp.log(d / (2 * mp.pi)) + mp.log(K) - (n - 1) * mp.log(N)) / 2 - mpf(N) ** (n - 1) / (2 * K * d)
    # Eq. 6: K_no-errors = N^(n-1) / (2 (2n-3)!! ln N)
    lne = (n - 1) * mp.log(N) - mp.log(2 * d * mp.log(N))
    rows_gap.append((str(n), str(N), fs(mp.log(gap))))
    rows_var.append((str(n), str(N), fs(K), fs(mp.log(var))))
    rows_pg.append((str(n), str(N), fs(K), fs(mp.log(pg))))
    rows_pa.append((str(n), str(N), fs(K), fs(lpa)))
    rows_ne.append((str(n), str(N), fs(lne)))
table("damEnergyGapTable", "(int * int * float)", rows_gap, "(n, N, ln ⟨ΔE⟩) DAM: ⟨ΔE⟩ = N^n - (N-2)^n, exact integer arithmetic.")
table("damVarianceTable", "(int * int * float * float)", rows_var, "(n, N, K, ln Σ²) DAM: Σ² = 4n²(2n-3)!!(K-1)N^(n-1).")
table("damErrorGaussianTable", "(int * int * float * float)", rows_pg, "(n, N, K, ln P) DAM: P = ½ erfc(⟨ΔE⟩/√(2Σ²)) with the exact ⟨ΔE⟩ and Σ².")
table("damErrorAsymptoticTable", "(int * int * float * float)", rows_pa, "(n, N, K, ln P) DAM: P ≈ √((2n-3)!!/(2π) · K/N^(n-1)) exp(-N^(n-1)/(2K(2n-3)!!)).")
table("damNoErrorCapacityTable", "(int * int * float)", rows_ne, "(n, N, ln K) DAM Eq. 6: K = N^(n-1)/(2(2n-3)!! ln N).")

# ---- issue 11: requests at the edges of the documented ranges ---------------------------------
# Each must get an answer: integer overflow (2n − 3 for n > 2^30, bisection midpoints for N > 2^30),
# p close to 1 (f̃ ≈ 0), t = 1 − 2r² rounding to 1, and tiny σ² (x = σ²N ≪ a = N/2).
def ln_odd_dfact(n):
    """ln (2n−3)!! = (n−1) ln 2 + ln Γ(n − ½) − ½ ln π, for any n ≥ 2."""
    m = n - 1
    return m * mp.log(2) + mp.loggamma(m + mpf(1) / 2) - mp.log(mp.pi) / 2

def ln_birthday(lnp):
    return (mp.log(mp.pi / 2) - lnp) / 2

rows_ne, rows_km = [], []
for (n, N) in [(1073741826, 2), (2147483647, 2), (2147483647, 2147483647), (1000, 10000)]:
    rows_ne.append((str(n), str(N), fs((n - 1) * mp.log(N) - mp.log(2) - ln_odd_dfact(n) - mp.log(mp.log(N)))))
for (n, N, perr) in [(1073741826, 2, 0.1), (1073741826, 2147483647, 0.1), (2147483647, 3, 1e-300), (1000, 10000, 0.005)]:
    x = mp.erfinv(1 - 2 * mpf(perr))      # ½ erfc(x) = perror
    lngap = n * mp.log(N) + mp.log(1 - (1 - mpf(2) / N) ** n)
    lnkm1 = 2 * lngap - mp.log(2) - 2 * mp.log(x) - mp.log(4 * mpf(n) ** 2) - ln_odd_dfact(n) - (n - 1) * mp.log(N)
    rows_km.append((str(n), str(N), fs(perr), fs(mp.log(1 + mp.exp(lnkm1)))))
table("damEdgeNoErrorTable", "(int * int * float)", rows_ne, "(n, N, ln K) DAM Eq. 6 where 2n − 3 overflows an int.")
table("damEdgeMaxPatternsTable", "(int * int * float * float)", rows_km, "(n, N, perror, ln K) DAM Eq. 5 where 2n − 3 overflows an int.")

# χ²_N law: p = P(N/2, σ²N) (regularized lower incomplete gamma), down to σ² = 1e-300.
rows_g = []
for (N, s2) in [(100, 1e-20), (50, 1e-17), (1000, 1e-300), (2, 1e-20), (100000, 1e-12)]:
    a, x = mpf(N) / 2, mpf(s2) * N
    rows_g.append((str(N), fs(s2), fs(ln_birthday(mp.log(mp.gammainc(a, 0, x, regularized=True))))))
table("gaussianBirthdayEdgeTable", "(int * float * float)", rows_g, "(N, σ², ln E) C8 birthday mean, p = P(N/2, σ²N), tiny σ².")

# Eq. 90 law: p = ½ I_{1−t²}((N−1)/2, ½), t = 1 − 2r², for r where t rounds to 1.
rows_s = []
for (N, r) in [(100, 1e-10), (1000, 1e-7), (3, 1e-12), (2, 1e-9)]:
    rm = mpf(r); t = 1 - 2 * rm * rm
    p = mp.betainc(mpf(N - 1) / 2, mpf(1) / 2, 0, 1 - t * t, regularized=True) / 2
    rows_s.append((str(N), fs(r), fs(ln_birthday(mp.log(p)))))
table("sphereBirthdayEdgeTable", "(int * float * float)", rows_s, "(N, r, ln E) C8 birthday mean on the sphere, r where 1 − 2r² rounds to 1.")

# Binomial law: p = P(Bin(N, f̃) ≤ ⌊4ρN⌋), summed term by term from the top (ratios), p near 1 and N > 2^30.
def ln_binom_cdf(N, ft, D):
    lpmf = mp.loggamma(N + 1) - mp.loggamma(D + 1) - mp.loggamma(N - D + 1) + D * mp.log(ft) + (N - D) * mp.log(1 - ft)
    s, term, k = mpf(1), mpf(1), D
    while k > 0:
        term *= k / mpf(N - k + 1) * (1 - ft) / ft   # pmf(k−1)/pmf(k)
        s += term
        k -= 1
        if term < s * mpf(10) ** -45:
            break
    return lpmf + mp.log(s)
rows_b = []
for (N, f, rho) in [(100, 1e-20, 0.0), (1000, 1e-10, 1e-12), (50, 0.1, 0.02), (1500000000, 0.5, 0.05), (2147483647, 0.3, 0.1)]:
    fm = mpf(f); ft = 2 * fm * (1 - fm)
    D = int(mp.floor(4 * mpf(rho) * N))
    rows_b.append((str(N), fs(f), fs(rho), fs(ln_birthday(ln_binom_cdf(N, ft, D)))))
table("bipolarBirthdayEdgeTable", "(int * float * float * float)", rows_b, "(N, f, ρ, ln E) C8 birthday mean, p = P(Bin(N, f̃) ≤ ⌊4ρN⌋), p near 1 and N > 2^30.")

# dam-error-probability.gaussian at n = 1000, N = 10^4, K = 2: ln x with x = ⟨ΔE⟩/√(2Σ²); ln P ≈ −x² is below −1.8e308.
n, N, K = 1000, 10000, 2
lnx = n * mp.log(N) + mp.log(1 - (1 - mpf(2) / N) ** n) - (mp.log(2) + mp.log(4 * mpf(n) ** 2) + ln_odd_dfact(n) + mp.log(K - 1) + (n - 1) * mp.log(N)) / 2
print("// dam-error-probability.gaussian n = 1000, N = 10^4, K = 2: ln x = %s, so ln P_error ≈ −e^(2 ln x) < −1.8e308" % mp.nstr(lnx, 8))
