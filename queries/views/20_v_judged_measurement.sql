-- name: v_judged_measurement
-- title: Den måling et mål bedømmes på (the measurement a target is judged on) — one definition
-- unit: the target's unit (value); pct for shares, persons/days for effects
-- better: the target's direction
-- params: none in the view; the macros below take the date: judged_series($as_of) and judged_at($as_of)
-- Definition: every candidate row a target can be judged on, one per (target, measurement date):
-- non-superseded measurements of v_measurements, the latest entered per (target, date, arm), and —
-- for a date on which an effect target has treatment and control but no effect row — the derived
-- effect (treatment minus control; treatment_* and control_* carry the arms, arm_min_count the
-- smallest count behind the difference for disclosure).
-- judged_ci_low / judged_ci_high: the interval the status rules judge with (queries/status.py rule 9),
-- in the target's unit: the stored ci_low/ci_high; for a share in % entered without one, Wilson from
-- its count (the numerator, else value % of n); for a derived effect in %/pp, Newcombe from the two
-- arms' counts (the macros of 00_intervals.sql); no count, or one outside 0..n: none. ci_low / ci_high
-- stay what was stored.
-- v_judged_candidate holds every candidate with its tier and arm_rank (the order within a tier);
-- v_judged_measurement is the first of each (target, date, tier), judged_at(d) the first per target.
-- The arm, deliberately one rule (issue 19):
--   tier 0  the target's own figure — effect targets: the effect (stored, else derived);
--           other targets: their own arm as declared in the catalogue (targets.arms, first) or
--           arm `all` (the target's arms together, as refresh writes it)
--   tier 1  the treatment arm (an effect target with only the treatment arm: judged "no data")
--   tier 2  any other arm
-- At a date a target is judged on its best tier present up to the date (judged_series) and, in
-- that tier, the latest date (judged_at); on one date the own arm before effect, all, treatment.
-- Read by: status evaluation (queries/status_table.py), the overview and the initiative page
-- (queries/overview.py), a round's snapshot and the committee report (queries/rounds.py),
-- `maalbord status` and `maalbord kpi`.
-- Run in the DuckDB CLI on a store (the views are created with the schema):
--   SELECT * FROM judged_at(DATE '2026-11-30');
create or replace view v_judged_candidate as
with latest as (
    select target_id, as_of, arm, value, numerator, denominator, ci_low, ci_high, source, origin,
           measurement_id, entered_at,
           coalesce(numerator, value / 100 * denominator) as k  -- a share's count: numerator, else value % of n
    from v_measurements
    where not superseded
    qualify row_number() over (partition by target_id, as_of, arm
                               order by entered_at desc, measurement_id desc) = 1
),
m as (  -- with the share in % and its Wilson ends from the count, where the count lies in 0..n
    select * exclude (k),
           case when denominator > 0 and k between 0 and denominator then 100 * k / denominator end as share,
           case when denominator > 0 and k between 0 and denominator
                then 100 * wilson_low(k, denominator) end as share_low,
           case when denominator > 0 and k between 0 and denominator
                then 100 * wilson_high(k, denominator) end as share_high
    from latest
),
t as (
    select target_id, kind, unit, nullif(trim(string_split(coalesce(arms, ''), ',')[1]), '') as own_arm
    from targets where valid_to is null  -- the current version of every target (as v_targets, without its joins)
),
derived as (  -- treatment minus control where a target has both but no effect row
    select tr.target_id, tr.as_of, 'effect' as arm, tr.value - c.value as value,
           null::double as numerator, tr.denominator + c.denominator as denominator,
           null::double as ci_low, null::double as ci_high, tr.source, tr.origin,
           null::bigint as measurement_id, greatest(tr.entered_at, c.entered_at) as entered_at,
           least(tr.denominator, c.denominator, tr.numerator, c.numerator,
                 tr.denominator - tr.numerator, c.denominator - c.numerator) as arm_min_count,
           tr.value as treatment_value, tr.numerator as treatment_numerator,
           tr.denominator as treatment_denominator, tr.ci_low as treatment_ci_low,
           tr.ci_high as treatment_ci_high,
           c.value as control_value, c.numerator as control_numerator, c.denominator as control_denominator,
           c.ci_low as control_ci_low, c.ci_high as control_ci_high,
           newcombe_arms_low(tr.share, tr.share_low, tr.share_high, c.share, c.share_low, c.share_high) as diff_low,
           newcombe_arms_high(tr.share, tr.share_low, tr.share_high, c.share, c.share_low, c.share_high) as diff_high
    from m tr join m c on c.target_id = tr.target_id and c.as_of = tr.as_of
                      and tr.arm = 'treatment' and c.arm = 'control'
    where not exists (select 1 from m e where e.target_id = tr.target_id and e.as_of = tr.as_of
                                          and e.arm = 'effect')
),
candidates as (
    select * from m union all by name select * from derived
),
ranked as (
    select c.*, t.kind,
           case when t.kind = 'effect' then
                     case when c.arm = 'effect' then 0 when c.arm = 'treatment' then 1 else 2 end
                when c.arm = t.own_arm or c.arm = 'all' then 0
                when c.arm = 'treatment' then 1 else 2 end as tier,
           case when t.kind <> 'effect' and c.arm = t.own_arm then 0 when c.arm = 'effect' then 1
                when c.arm = 'all' then 2 when c.arm = 'treatment' then 3 else 4 end as arm_rank,
           -- the interval the status rules judge with (queries/status.py rule 9), in the target's unit
           case when c.arm = 'effect' and c.measurement_id is null then  -- derived: Newcombe from the arms
                     case when t.unit in ('pct', 'pp') then c.diff_low end
                when t.kind = 'effect' or (c.ci_low is not null and c.ci_high is not null) then c.ci_low
                when t.unit = 'pct' then c.share_low end as judged_ci_low,
           case when c.arm = 'effect' and c.measurement_id is null then
                     case when t.unit in ('pct', 'pp') then c.diff_high end
                when t.kind = 'effect' or (c.ci_low is not null and c.ci_high is not null) then c.ci_high
                when t.unit = 'pct' then c.share_high end as judged_ci_high
    from candidates c join t using (target_id)
    where not (t.kind = 'effect' and c.arm = 'control')  -- the control arm is judged with the treatment
)
select target_id, as_of, arm, value, numerator, denominator, ci_low, ci_high, source, origin,
       measurement_id, entered_at, arm_min_count, kind, tier,
       treatment_value, treatment_numerator, treatment_denominator, treatment_ci_low, treatment_ci_high,
       control_value, control_numerator, control_denominator, control_ci_low, control_ci_high,
       judged_ci_low, judged_ci_high, arm_rank
from ranked;
comment on view v_judged_candidate is 'Every row a target can be judged on, with its tier and arm_rank (the order within a tier); v_judged_measurement and judged_at pick from it.';

create or replace view v_judged_measurement as
select * exclude (arm_rank) from v_judged_candidate
qualify row_number() over (partition by target_id, as_of, tier order by arm_rank, arm) = 1;
comment on view v_judged_measurement is 'Every measurement a target can be judged on, one per target, date and tier (0 = the target''s own figure, 1 = treatment, 2 = other). judged_series(date) / judged_at(date) pick the figure at a date. Stable columns: target_id, as_of, arm, value, numerator, denominator, ci_low, ci_high, tier.';

-- judged_series(d): per target, its judged measurements up to d in the best tier present by d, oldest first.
create or replace macro judged_series(d) as table
select * exclude (best) from (
    select *, min(tier) over (partition by target_id) as best
    from v_judged_measurement where as_of <= d)
where tier = best
order by target_id, as_of;

-- judged_at(d): per target, the one measurement it is judged on at d: the latest of judged_series(d),
-- picked from the candidates in one pass (best tier, then latest date, then the order within the tier).
create or replace macro judged_at(d) as table
select * exclude (arm_rank) from v_judged_candidate
where as_of <= d
qualify row_number() over (partition by target_id order by tier, as_of desc, arm_rank, arm) = 1;
