"""A target's headline figure: the row of its measurements that the overview, the initiative page
and a round's snapshot show — the effect row for an effect target (or treatment minus control where
only the two arms are recorded), else the arm "all", else the treatment arm. One definition, so the
committee report shows the figure the overview shows (it once showed an effect target's treatment
share where the overview showed the difference)."""

from __future__ import annotations

HEADLINE_SQL = """
with m as (
    select target_id, as_of, arm, value, numerator, denominator, ci_low, ci_high, source, origin,
           null::double as arm_min_count, measurement_id, entered_at
    from v_measurements
    where not superseded and value is not null
),
effect_derived as (  -- treatment minus control where a target has both but no effect row
    select t.target_id, t.as_of, 'effect' as arm, t.value - c.value as value,
           null::double as numerator, t.denominator + c.denominator as denominator,
           null::double as ci_low, null::double as ci_high, t.source, t.origin,
           -- the smallest count behind the difference (each arm's n, numerator and complement):
           -- a small one hides the derived effect like a small count hides a share (disclosure)
           least(t.denominator, c.denominator, t.numerator, c.numerator,
                 t.denominator - t.numerator, c.denominator - c.numerator) as arm_min_count,
           null::bigint as measurement_id, greatest(t.entered_at, c.entered_at) as entered_at
    from m t join m c on c.target_id = t.target_id and c.as_of = t.as_of
                     and t.arm = 'treatment' and c.arm = 'control'
    where not exists (select 1 from m e where e.target_id = t.target_id and e.as_of = t.as_of and e.arm = 'effect')
),
all_rows as (select * from m union all by name select * from effect_derived),
ranked as (
    select a.*, v.kind,
           case when v.kind = 'effect' and a.arm = 'effect' then 0
                when a.arm = 'all' then 1 when a.arm = 'treatment' then 2 else 3 end as arm_rank
    from all_rows a join v_targets v using (target_id)
    where a.as_of <= $as_of
),
headline_arm as (
    select target_id, arg_min(arm, arm_rank) as arm from ranked group by target_id
),
final as (
    select r.target_id, r.as_of, r.arm, r.value, r.numerator, r.denominator, r.ci_low, r.ci_high,
           r.source, r.origin, r.arm_min_count, r.measurement_id, r.entered_at
    from ranked r join headline_arm h using (target_id, arm)
)
select * from final
"""
