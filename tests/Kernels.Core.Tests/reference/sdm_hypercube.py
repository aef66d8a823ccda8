#!/usr/bin/env python3
"""Reference values for AssociativeKernels.Core.SdmKernel.hypercube (K5, KMN Eq. 16) far beyond brute force.

Run:  python3 sdm_hypercube.py   (mpmath 1.3.0; a few minutes)
Prints the F# table pasted into ../SdmKernelTests.fs.

K = 2^-N Σ_i Σ_j C(N-Δ, i) C(Δ, j) over N - i - j ≤ r and N - Δ - i + j ≤ r (i: agreeing positions where
the address agrees too, j: differing positions where it sides with x_i), i.e. i ≥ N - r - min(j, Δ - j).
  exact   for N ≤ 20001: the count as a Python integer (Eq. 16 with prefix sums over i), ln(count) - N ln 2.
  tails   for huge N with Δ ≤ 50 (or N - Δ ≤ 50): the short sum over j (or i) of binomial weights times a
          binomial tail Σ_{i ≤ q} C(m, i), each tail at 40 digits from its largest term by the exact term
          ratio; checked against `exact` on moderate N.
"""
from fsharp_tables import fs, table
from binomial_sums import log_prefix
from mpmath import mp, mpf
from math import comb

mp.dps = 60


def exact_count(n, r, d):
    a = n - d
    row = [1] * (a + 1)
    for i in range(a):
        row[i + 1] = row[i] * (a - i) // (i + 1)
    suffix = [0] * (a + 2)                     # suffix[t] = Σ_{i ≥ t} C(a, i)
    for i in range(a, -1, -1):
        suffix[i] = suffix[i + 1] + row[i]
    total, cj = 0, 1
    for j in range(d + 1):
        t = max(0, n - r - min(j, d - j))
        if t <= a:
            total += cj * suffix[t]
        cj = cj * (d - j) // (j + 1)
    return total


def log_k_tails(n, r, d):
    a = n - d
    ln2 = mp.log(2)
    terms = []
    if d <= 50:
        for j in range(d + 1):
            t = max(0, n - r - min(j, d - j))          # need i ≥ t, i.e. a - i ≤ a - t
            if t <= a:
                terms.append(mp.log(comb(d, j)) - d * ln2 + log_prefix(a, a - t) - a * ln2)
    else:
        assert a <= 50
        for i in range(a + 1):
            # j must satisfy N - r - i ≤ j ≤ Δ - (N - r - i), clipped to [0, Δ]
            lo, hi = max(0, n - r - i), min(d, d - (n - r - i))
            if lo <= hi:
                w = mp.exp(log_prefix(d, hi) - d * ln2) - mp.exp(log_prefix(d, lo - 1) - d * ln2)
                terms.append(mp.log(comb(a, i)) - a * ln2 + mp.log(w))
    if not terms:
        return mpf('-inf')
    m = max(terms)
    return m + mp.log(mp.fsum(mp.exp(x - m) for x in terms))


def ln_exact(n, r, d):
    c = exact_count(n, r, d)
    return mpf('-inf') if c == 0 else mp.log(c) - n * mp.log(2)


# the two routes agree where both apply
for (n, r, d) in [(300, 150, 3), (301, 160, 0), (500, 260, 50), (500, 240, 1), (400, 250, 390), (401, 200, 401), (401, 210, 401), (64, 40, 62)]:
    e, t = ln_exact(n, r, d), log_k_tails(n, r, d)
    assert e == t or abs(e - t) <= mpf(10) ** -40 * max(1, abs(e)), (n, r, d, e, t)


def lit(v):
    return "-infinity" if v == mpf('-inf') else fs(v)


rows = []
for (n, r, d) in [(1647, 1049, 974), (1647, 823, 974), (1647, 900, 1), (1647, 1646, 0), (1647, 1647, 1000),
                  (3000, 1500, 1500), (3000, 1600, 200), (3000, 1400, 100), (3000, 760, 1500), (3000, 2999, 3000),
                  (3000, 1, 2), (10000, 5100, 5000), (10000, 4000, 10), (20000, 10100, 300), (20000, 9000, 2000),
                  (20001, 10000, 20001), (20000, 12000, 7000)]:
    rows.append((str(n), str(r), str(d), lit(ln_exact(n, r, d)), "exact"))
big, e8 = 2147483647, 100000000
mp.dps = 40
for (n, r, d) in [(big, 1073741823, 0), (big, 1073741824 + 1000, big), (big, 1200000000, 7), (big, big - 1, 0),
                  (big, 3, 4), (1000000000, 1, 1), (e8, 2, e8 - 1), (e8, 50000001, e8 - 1),
                  (e8, 50030000, 0), (e8, 49960000, 0), (e8, 50000000, 1), (e8, 50001000, 2), (e8, 50000010, 3),
                  (e8, 50000100, 20), (e8, 50000500, e8 - 1), (e8, 50003000, e8 - 3), (e8, 50000000, e8 - 2)]:
    rows.append((str(n), str(r), str(d), lit(log_k_tails(n, r, d)), "tails"))
table("hypercubeHugeTable", "(int * int * int * float * string)", [(a, b, c, d, '"%s"' % e) for (a, b, c, d, e) in rows],
      "(N, r, Δ, ln K, route): K5 by exact integer counts (N ≤ 20001) or by short sums of 40-digit binomial tails.")
