"""High-precision partial row sums of Pascal's triangle, shared by the reference-table generators."""
from mpmath import mp, mpf


def log_prefix(m, q):
    """ln Σ_{j≤q} C(m, j) at the working precision (−inf for q < 0): below the middle,
    ln C(m, q) plus the log of the ratio sum Σ_j C(m, j)/C(m, q) (terms by the exact ratio j/(m-j+1), summed until below 10^-(dps+10)); above it, the complement
    m ln 2 + ln(1 - 2^-m Σ_{j≤m-q-1} C(m, j))."""
    if q < 0:
        return mpf('-inf')
    if q >= m:
        return m * mp.log(2)
    if 2 * q >= m:
        return m * mp.log(2) + mp.log1p(-mp.exp(log_prefix(m, m - q - 1) - m * mp.log(2)))
    t, s, j = mpf(1), mpf(1), q
    tol = mpf(10) ** (-mp.dps - 10)
    while j > 0:
        t *= mpf(j) / (m - j + 1)
        s += t
        j -= 1
        if t < s * tol:
            break
    return mp.loggamma(m + 1) - mp.loggamma(q + 1) - mp.loggamma(m - q + 1) + mp.log(s)

