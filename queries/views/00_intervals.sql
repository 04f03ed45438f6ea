-- name: intervals
-- title: 95 %-intervaller for andele, gennemsnit og forskelle (95 % intervals for shares, means and differences) — one definition
-- unit: proportions (0–1) for shares, the mean's unit for means; the measure files multiply shares by 100
-- better: not applicable
-- params: none; scalar macros, created with the schema (store.create_views) and in the published copy
-- Definition (the measure files share.sql, retention.sql, effect.sql and series.sql use these; each
-- returns null when n is 0 or null):
--   z95()                      1.959964, the 97.5 % quantile of the standard normal distribution
--   wilson_low(k, n)           Wilson score interval for k successes out of n, lower / upper end
--   wilson_high(k, n)          (Wilson 1927; Newcombe 1998a, method 3, no continuity correction)
--   newcombe_low(k1, n1, k2, n2)   Newcombe's hybrid score interval for p1 − p2 (p1 = k1/n1,
--   newcombe_high(k1, n1, k2, n2)  p2 = k2/n2), built from the two Wilson intervals (Newcombe 1998b, method 10)
--   newcombe_arms_low(p1, l1, u1, p2, l2, u2)   the same from the two arms' shares and Wilson ends where a
--   newcombe_arms_high(p1, l1, u1, p2, l2, u2)  query has them already (series.sql, effect.sql): the one
--                              combination step newcombe_low/high are written with
--   normal_low(m, v, n)        normal interval of a mean m with sample variance v over n
--   normal_high(m, v, n)       (counts per person)
--   welch_low(m1, v1, n1, m2, v2, n2)   normal (Welch) interval of a difference of means m1 − m2
--   welch_high(m1, v1, n1, m2, v2, n2)
-- Ends are not clipped to [0, 1]: they are the formula's. tests/test_intervals.py checks them against
-- published values (tests/cases/intervals.csv) and statsmodels on a grid of k and n. v_judged_measurement
-- uses them for the interval an entered share is judged with (judged_ci_low/high).
-- Run in the DuckDB CLI on a store (the macros persist in the store file):
--   SELECT wilson_low(81, 263), wilson_high(81, 263), newcombe_low(56, 70, 48, 80);
create or replace macro z95() as 1.959964::double;

-- Wilson's ends written as (k + z²/2 ∓ z·sqrt(k(n − k)/n + z²/4)) / (n + z²) — the textbook
-- (p + z²/2n ∓ z·sqrt(p(1 − p)/n + z²/4n²)) / (1 + z²/n) multiplied through by n: the same interval in
-- fewer operations, which matters because DuckDB binds a macro's expression anew at every use.
create or replace macro wilson_low(k, n) as
    ((k) + z95() * z95() / 2 - z95() * sqrt((k) * ((n) - (k)) / nullif(n, 0) + z95() * z95() / 4))
    / ((n) + z95() * z95());

create or replace macro wilson_high(k, n) as
    ((k) + z95() * z95() / 2 + z95() * sqrt((k) * ((n) - (k)) / nullif(n, 0) + z95() * z95() / 4))
    / ((n) + z95() * z95());

create or replace macro newcombe_arms_low(p1, l1, u1, p2, l2, u2) as
    ((p1) - (p2)) - sqrt(((p1) - (l1)) ^ 2 + ((u2) - (p2)) ^ 2);

create or replace macro newcombe_arms_high(p1, l1, u1, p2, l2, u2) as
    ((p1) - (p2)) + sqrt(((u1) - (p1)) ^ 2 + ((p2) - (l2)) ^ 2);

create or replace macro newcombe_low(k1, n1, k2, n2) as
    newcombe_arms_low((k1) / nullif(n1, 0)::double, wilson_low(k1, n1), wilson_high(k1, n1),
                      (k2) / nullif(n2, 0)::double, wilson_low(k2, n2), wilson_high(k2, n2));

create or replace macro newcombe_high(k1, n1, k2, n2) as
    newcombe_arms_high((k1) / nullif(n1, 0)::double, wilson_low(k1, n1), wilson_high(k1, n1),
                       (k2) / nullif(n2, 0)::double, wilson_low(k2, n2), wilson_high(k2, n2));

create or replace macro normal_low(m, v, n) as (m) - z95() * sqrt((v) / (n));

create or replace macro normal_high(m, v, n) as (m) + z95() * sqrt((v) / (n));

create or replace macro welch_low(m1, v1, n1, m2, v2, n2) as
    ((m1) - (m2)) - z95() * sqrt((v1) / (n1) + (v2) / (n2));

create or replace macro welch_high(m1, v1, n1, m2, v2, n2) as
    ((m1) - (m2)) + z95() * sqrt((v1) / (n1) + (v2) / (n2));
