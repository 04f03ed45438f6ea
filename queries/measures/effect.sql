-- name: effect
-- title: Effekt: forskel mellem indsats- og kontrolgruppe (difference treatment minus control)
-- unit: pp (shares) or the outcome's unit per person (event counts); also in persons
-- better: the target's direction decides (higher = more in treatment than control)
-- params: $initiative_id  initiative with a randomised treatment and control arm
--         $anchor         start | end | event (as in share.sql)
--         $event_kind     event kind for anchor event; null otherwise
--         $offset_months  d = anchor + INTERVAL (offset_months) MONTH
--         $states         states that count as success (share outcome); null for event outcomes
--         $outcome        event kind counted between anchor (incl.) and d (excl.); null for state outcomes.
--                         Kinds ending in _days are summed per person (count per person, e.g. admission
--                         days); other kinds count the persons with at least one event (a share).
--         $as_of          the date the figure refers to
-- Definition: per arm, the share (as share.sql: enrolments matured at as_of, success = a counted
-- spell covering d) or the mean count per person; arm 'effect' = treatment minus control, in
-- percentage points (value) and in persons (value_persons = difference x treatment n / 100; for
-- counts per person: difference x treatment n; its interval ci_low_persons, ci_high_persons). 95 % intervals: Wilson per arm and Newcombe's
-- hybrid score interval for the difference of proportions (the macros wilson_low/high, newcombe_low/high
-- of queries/views/00_intervals.sql); normal (Welch) intervals for means (normal_low/high, welch_low/high).
-- value is null when an arm has no matured enrolments.
-- Run in the DuckDB CLI:  PREPARE effect AS <this file>;
--   EXECUTE effect(initiative_id := 'bc2016-ressourceforloeb-forsoeg', anchor := 'start', event_kind := NULL,
--                  offset_months := 12, states := 'job', outcome := NULL, as_of := DATE '2026-11-22');
with params as (
    select
        $initiative_id::varchar                   as initiative_id,
        $anchor::varchar                          as anchor,
        $event_kind::varchar                      as event_kind,
        $offset_months::integer                   as offset_months,
        string_split($states::varchar, ',')       as states,
        $outcome::varchar                         as outcome,
        coalesce($outcome::varchar like '%\_days' escape '\', false) as per_person,
        $as_of::date                              as as_of
),
cohort as (
    select
        e.enrolment_id, e.citizen_id, e.arm,
        case p.anchor
            when 'start' then e.start_date
            when 'end'   then case when e.completed then e.end_date end
            when 'event' then (
                select min(v.date) from events v
                where v.citizen_id = e.citizen_id and v.kind = p.event_kind
                  and v.date >= e.start_date and (e.end_date is null or v.date <= e.end_date))
        end as anchor_date
    from enrolments e, params p
    where e.initiative_id = p.initiative_id and e.arm in ('treatment', 'control')
),
measured as (
    select c.*, (c.anchor_date + to_months(p.offset_months))::date as d
    from cohort c, params p
    where c.anchor_date is not null and c.anchor_date <= p.as_of
),
outcome as (  -- y: 1/0 for a counted spell covering d, or the events between anchor and d
    select m.*,
        m.d <= p.as_of as matured,
        case
            when p.outcome is null then
                (exists (select 1 from spells s
                         where s.citizen_id = m.citizen_id and list_contains(p.states, s.state)
                           and s.from_date <= m.d and (s.to_date is null or m.d <= s.to_date)))::integer
            when p.per_person then
                coalesce((select sum(coalesce(v.value, 1)) from events v
                          where v.citizen_id = m.citizen_id and v.kind = p.outcome
                            and v.date >= m.anchor_date and v.date < m.d), 0)
            else
                (exists (select 1 from events v
                         where v.citizen_id = m.citizen_id and v.kind = p.outcome
                           and v.date >= m.anchor_date and v.date < m.d))::integer
        end::double as y
    from measured m, params p
),
arms as (
    select a.arm,
        count(o.enrolment_id) filter (where o.matured)      as n,
        coalesce(sum(o.y) filter (where o.matured), 0)      as sum_y,
        coalesce(sum(o.y * o.y) filter (where o.matured), 0) as sum_y2,
        count(o.enrolment_id) filter (where not o.matured)  as pending
    from (values ('treatment'), ('control')) a(arm)
    left join outcome o on o.arm = a.arm
    group by a.arm
),
arm_stats as (  -- per arm: share with Wilson interval, or mean with a normal interval (values in percent / per person)
    select a.*, p.per_person,
        a.sum_y / nullif(a.n, 0)::double as m,
        case when a.n > 1 then (a.sum_y2 - a.sum_y * a.sum_y / a.n) / (a.n - 1) end as var_y
    from arms a, params p
),
arm_ci as (  -- Wilson for shares, a normal interval for means (queries/views/00_intervals.sql)
    select *,
        case when per_person then normal_low(m, var_y, n) else wilson_low(sum_y, n) end as lo,
        case when per_person then normal_high(m, var_y, n) else wilson_high(sum_y, n) end as hi
    from arm_stats
),
scale as (select case when per_person then 1 else 100 end::double as k from params),
per_arm as (
    select a.arm,
        case when a.per_person then null else a.sum_y end as numerator,
        a.n as denominator, a.pending,
        s.k * a.m as value, s.k * a.lo as ci_low, s.k * a.hi as ci_high,
        null::double as value_persons, null::double as ci_low_persons, null::double as ci_high_persons
    from arm_ci a, scale s
),
difference as (  -- treatment minus control; Newcombe hybrid score from the arms' Wilson ends, newcombe_arms_low / _high (per_person: Welch normal)
    select t.per_person, t.n as n_t,
        t.pending + c.pending as pending,
        t.m - c.m as diff,
        case when t.per_person then welch_low(t.m, t.var_y, t.n, c.m, c.var_y, c.n)
             else newcombe_arms_low(t.m, t.lo, t.hi, c.m, c.lo, c.hi) end as lo,
        case when t.per_person then welch_high(t.m, t.var_y, t.n, c.m, c.var_y, c.n)
             else newcombe_arms_high(t.m, t.lo, t.hi, c.m, c.lo, c.hi) end as hi
    from arm_ci t, arm_ci c
    where t.arm = 'treatment' and c.arm = 'control'
),
effect_row as (
    select 'effect' as arm, null::double as numerator, d.n_t as denominator, d.pending,
        s.k * d.diff as value, s.k * d.lo as ci_low, s.k * d.hi as ci_high,
        d.diff * d.n_t as value_persons, d.lo * d.n_t as ci_low_persons, d.hi * d.n_t as ci_high_persons
    from difference d, scale s
),
final as (
    select p.as_of, r.arm, r.numerator, r.denominator, r.pending, r.value, r.ci_low, r.ci_high, r.value_persons,
        r.ci_low_persons, r.ci_high_persons
    from (select * from per_arm union all select * from effect_row) r, params p
    order by case r.arm when 'treatment' then 1 when 'control' then 2 else 3 end
)
select * from final
