-- name: refresh_append
-- title: Refresh: append the new and changed computed figures, each superseding the current one
-- params: $synthetic  true when the store holds synthetic (demo) microdata
--         $actor      who refreshed (entered_by)
--         $stamp      when (entered_at)
--         $batch      the refresh's batch id (beregnet-<as_of>-<random>)
-- makes: rows of measurements (origin and source 'beregnet') from the temp table _refresh_series,
--        the rows of queries/measures/series.sql at the refresh's as-of date (compute.refresh_into)
-- returns: one row per row added, its supersedes (null for a new figure), which refresh counts
-- Append-only: the current computed row of a (target, as_of, arm) is the one nothing supersedes. An
-- unchanged figure adds nothing; a new one is added; a changed one (value, counts, interval, the
-- synthetic label or the target's version) is added with `supersedes` naming the row it replaces.
-- Figures of other origins (catalogue, import, form) are never compared or touched. Values and
-- intervals are stored rounded to 9 decimals, so a figure that differs only in a double's last
-- bits (a sum taken in another order) is the same figure.
insert into measurements (target_id, target_version, as_of, arm, value, numerator, denominator, pending,
                          ci_low, ci_high, source, origin, synthetic, entered_by, entered_at, supersedes, batch_id)
with n as (
    select target_id, target_version, as_of, arm,
           round(value, 9) as value, numerator, denominator, pending,
           round(ci_low, 9) as ci_low, round(ci_high, 9) as ci_high
    from _refresh_series
)
select n.target_id, n.target_version, n.as_of, n.arm, n.value, n.numerator, n.denominator, n.pending,
       n.ci_low, n.ci_high, 'beregnet', 'beregnet', $synthetic, $actor, $stamp, c.measurement_id, $batch
from n
left join (
    select * from measurements m
    where m.origin = 'beregnet'
      and not exists (select 1 from measurements x where x.supersedes = m.measurement_id)
) c on c.target_id = n.target_id and c.as_of = n.as_of and c.arm = n.arm
where c.measurement_id is null
   or c.value is distinct from n.value or c.numerator is distinct from n.numerator
   or c.denominator is distinct from n.denominator or c.pending is distinct from n.pending
   or c.ci_low is distinct from n.ci_low or c.ci_high is distinct from n.ci_high
   or c.synthetic is distinct from $synthetic or c.target_version is distinct from n.target_version
returning supersedes;
