"""Confidence intervals for shares — pure functions, no I/O.

- `wilson(k, n)`: the Wilson score interval for one proportion k/n (Wilson 1927; Newcombe 1998a,
  method 3, without continuity correction). Good at small n and at 0 % / 100 %, where the
  textbook Wald interval collapses.
- `newcombe(k1, n1, k2, n2)`: the hybrid score interval for the difference p1 − p2 of two
  independent proportions (Newcombe 1998b, method 10), built from the two Wilson intervals.

Both return proportions (0–1). The measures compute their intervals in SQL, with the macros of
queries/views/00_intervals.sql (wilson_low/high, newcombe_low/high); this module is their reference
(tests/test_intervals.py compares the two on a grid of k and n) and the status rules' fallback:
`queries/status.py` uses it when an entered measurement has a numerator/denominator (or a share and
n) but no stored ci_low/ci_high — the rules are pure Python, judged without a database
(tests/cases/status_rules.csv). Intervals stored on a measurement take precedence.
"""

from __future__ import annotations

import math

Z95 = 1.959963984540054  # the 97.5 % quantile of the standard normal distribution


def wilson(k: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for k successes out of n. Raises ValueError for n <= 0 or k outside
    [0, n]. k need not be a whole number (a share given only as a rounded percentage times n)."""
    if n is None or n <= 0:
        raise ValueError("n must be positive")
    if k < 0 or k > n:
        raise ValueError("k must lie between 0 and n")
    p = k / n
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe(k1: float, n1: float, k2: float, n2: float, z: float = Z95) -> tuple[float, float]:
    """Newcombe's hybrid score interval for p1 − p2 (p1 = k1/n1, p2 = k2/n2)."""
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson(k1, n1, z)
    l2, u2 = wilson(k2, n2, z)
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return max(-1.0, low), min(1.0, high)
