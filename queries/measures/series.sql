-- name: series
-- title: Månedlig serie for alle beregnede mål i én gennemløb (monthly series of every computed target, one pass)
-- unit: per target (pct, pp, persons, days)
-- better: per target
-- params: $as_of  last date of the series (month-ends from the initiative's start, plus as_of itself,
--                 plus each earlier date a refresh stored that is not a month-end, so it follows the data)
-- Definition: the same measures as share.sql, retention.sql and effect.sql, for every target of
-- v_targets with a measure and something to measure (states or outcome). Each enrolment's outcome
-- and maturity date are computed once — an outcome does not depend on the as-of date, only
-- whether it has matured does — and the series follows from cumulative counts over month-ends:
-- at month-end M an enrolment is in the cohort when its anchor date <= M and in the denominator
-- when its maturity date (d, or j + offset for retention) <= M. Arms: 'all' for share and
-- retention (the target's arms together); treatment, control and effect for effect targets.
-- The effect row's value is in the target's unit: persons (difference x treatment n / 100),
-- pp, or per person for counted events. Intervals: the macros of queries/views/00_intervals.sql (Wilson
-- per arm, Newcombe for a difference of shares, normal / Welch for means), as in the per-measure files.
-- The per-enrolment steps join and group on tk, a small integer per target, rather than on the
-- text target_id (hashing ~30-character ids was a tenth of the CPU); target_id returns in arm_stats.
with computed as (  -- the computed targets and their parameters; tk: an integer key for the joins below
    select target_id, row_number() over (order by target_id)::integer as tk, target_version, initiative_id, measure, anchor, event_kind,
        coalesce(offset_months, 0) as offset_months,
        string_split(states, ',') as states, outcome, unit,
        string_split(coalesce(arms, 'treatment'), ',') as arms,
        coalesce(outcome like '%\_days' escape '\', false) as per_person
    from v_targets
    where measure in ('share', 'retention', 'effect')
      and (states is not null or (measure = 'effect' and outcome is not null))
),
cohort as (  -- one row per target and enrolment in its arms; only what the steps below need
    -- (the target's own attributes are joined back by tk where needed, rather than materialising
    -- the state list and texts for each of the ~300k enrolment rows at 1M citizens: -3 % CPU);
    -- enrolment_key: the enrolment's row number, an integer, cheaper to group on than the text enrolment_id
    select t.tk, t.measure = 'retention' as is_ret, t.anchor = 'event' as by_event,
        t.outcome is not null as by_outcome, t.offset_months, t.label as arm,
        e.rowid as enrolment_key, e.citizen_key, e.start_date, e.end_date,
        case t.anchor when 'start' then e.start_date
                      when 'end' then case when e.completed then e.end_date end end as fixed_anchor
    from (  -- (target, enrolment arm) pairs: effect targets read both arms, each under its own label
        select *, unnest(case when measure = 'effect' then ['treatment', 'control'] else list_distinct(arms) end) as enrolment_arm,
            case when measure = 'effect' then enrolment_arm else 'all' end as label
        from computed
    ) t
    join enrolments e on e.initiative_id = t.initiative_id and e.arm = t.enrolment_arm
),
event_anchor as (  -- event-anchored share and effect: the first anchor event within the enrolment
    select c.tk, c.by_outcome, c.offset_months, c.arm, c.enrolment_key, c.citizen_key, min(v.date) as anchor_date
    from cohort c join computed t using (tk) join events v
      on v.citizen_key = c.citizen_key and v.kind = t.event_kind
     and v.date >= c.start_date and (c.end_date is null or v.date <= c.end_date)
    where c.by_event and not c.is_ret
    group by all
),
anchored as (  -- share and effect: anchor date and measurement date d
    select *, (anchor_date + to_months(offset_months))::date as d
    from (
        select tk, by_outcome, offset_months, arm, enrolment_key, citizen_key, fixed_anchor as anchor_date
        from cohort
        where not is_ret and not by_event and fixed_anchor is not null
        union all
        select * from event_anchor
    )
),
counted_states as (  -- (target, state) pairs: the states that count for each target
    select tk, measure, unnest(states) as state from computed where states is not null
),
cohort_earliest as (  -- per cohort row: the citizen and the earliest date that target looks at for them (d, j
    -- and the anchors are never before the enrolment's start or end date plus a negative offset)
    select citizen_key,
        (least(start_date, coalesce(end_date, start_date)) + to_months(least(offset_months, 0)))::date as earliest
    from cohort
),
cohort_bounds as (  -- ... and t, the 1st percentile of that date over the cohort (any t gives the same result;
    -- this one keeps the third part below small). Not grouped by citizen: a citizen in several targets or
    -- enrolments has several rows, so cohort_spells may hold a spell more than once; state_success takes
    -- distinct enrolments, and in retention a spell's copy after the first never starts a gap and does not
    -- change a maximum
    select citizen_key, earliest, (select quantile_disc(earliest, 0.01) from cohort_earliest) as t
    from cohort_earliest
),
cohort_spells as (  -- the cohort's spells in states some target counts that are open or end on or after an
    -- earliest date of the citizen's, in three disjoint parts. Spells are stored by state, then end date
    -- (microdata.SPELLS_ORDER), so in the second and third parts DuckDB skips whole row groups by the
    -- bounds on to_date it derives from the joins (>= t; before t only for the 1 % who look back that far)
    select s.citizen_key, s.state, s.from_date, s.to_date  -- open spells
    from spells s join cohort_bounds c on s.citizen_key = c.citizen_key
    where s.state in (select state from counted_states) and s.to_date is null
    union all
    select s.citizen_key, s.state, s.from_date, s.to_date  -- ended on or after t and the row's earliest date
    from spells s join cohort_bounds c on s.citizen_key = c.citizen_key and s.to_date >= greatest(c.earliest, c.t)
    where s.state in (select state from counted_states)
    union all
    select s.citizen_key, s.state, s.from_date, s.to_date  -- ended before t: rows whose earliest date is before t
    from spells s join (select * from cohort_bounds where earliest < t) c
      on s.citizen_key = c.citizen_key and s.to_date >= c.earliest and s.to_date < c.t
    where s.state in (select state from counted_states)
),
state_success as (  -- enrolments whose citizen has a counted spell covering d (one row each)
    select distinct a.tk, a.arm, a.enrolment_key, a.anchor_date, a.d
    from anchored a
    join cohort_spells s on s.citizen_key = a.citizen_key and s.from_date <= a.d and (s.to_date is null or a.d <= s.to_date)
    join counted_states cs on cs.tk = a.tk and cs.state = s.state
    where not a.by_outcome
),
event_outcome as (  -- enrolments with events of the outcome kind between anchor (incl.) and d (excl.)
    select a.tk, a.arm, a.enrolment_key, a.anchor_date, a.d,
        case when any_value(t.per_person) then sum(coalesce(v.value, 1)) else 1 end as y
    from anchored a join computed t using (tk) join events v
      on v.citizen_key = a.citizen_key and v.kind = t.outcome and v.date >= a.anchor_date and v.date < a.d
    where a.by_outcome
    group by a.tk, a.arm, a.enrolment_key, a.anchor_date, a.d
),
share_rows as (  -- every enrolment once with y = 0 (k = 1 counts it), then each success's y (k = 0)
    select tk, arm, anchor_date, d as mature_date, 1 as k, 0::double as y from anchored
    union all
    select tk, arm, anchor_date, d, 0, 1::double from state_success
    union all
    select tk, arm, anchor_date, d, 0, y::double from event_outcome
),
ret_counted as (  -- retention: counted spells of the cohort's citizens (open = 9999-12-31)
    select cs.tk, s.citizen_key, s.from_date, coalesce(s.to_date, date '9999-12-31') as to_date
    from counted_states cs join cohort_spells s on s.state = cs.state
    where cs.measure = 'retention'
      and s.citizen_key in (select citizen_key from cohort c where c.is_ret)
),
ret_breaks as (  -- a spell that starts after a gap of at least one day since all earlier spells ended
    select *,
        from_date > max(to_date) over (partition by tk, citizen_key order by from_date, to_date
                                       rows between unbounded preceding and 1 preceding) + 1 as gap_before
    from ret_counted
),
ret_first as (  -- j: the first counted start within the enrolment (ongoing: any time so far)
    select c.tk, c.arm, c.enrolment_key, c.citizen_key, c.offset_months, min(k.from_date) as j
    from cohort c join ret_counted k
      on k.tk = c.tk and k.citizen_key = c.citizen_key
     and k.from_date >= c.start_date and (c.end_date is null or k.from_date <= c.end_date)
    where c.is_ret
    group by all
),
ret_rows as (  -- held: no gap starts within (j, j + offset] and the spells so far reach j + offset
    select f.tk, f.arm, f.j as anchor_date, f.j_end as mature_date, 1 as k,
        (not bool_or(b.gap_before is true and b.from_date > f.j) and max(b.to_date) >= f.j_end)::integer::double as y
    from (select *, (j + to_months(offset_months))::date as j_end from ret_first) f
    join ret_breaks b on b.tk = f.tk and b.citizen_key = f.citizen_key and b.from_date <= f.j_end
    group by f.tk, f.arm, f.enrolment_key, f.j, f.j_end
),
outcomes as (  -- per target and arm: each enrolment's k = 1 and its outcome y, computed once for the whole series
    select * from share_rows union all select * from ret_rows
),
daily as (  -- outcomes counted by the days at which they enter the cohort and mature
    select tk, arm, anchor_date, mature_date, sum(k) as k, sum(y) as sum_y, sum(y * y) as sum_y2
    from outcomes
    group by all
),
buckets as (  -- ... and by the month-ends (small)
    select tk, arm,
        case when anchor_date <= $as_of::date then least(last_day(anchor_date), $as_of::date) end as entered_at,
        case when mature_date <= $as_of::date then least(last_day(mature_date), $as_of::date) end as matured_at,
        sum(k) as k, sum(sum_y) as sum_y, sum(sum_y2) as sum_y2
    from daily
    group by all
),
entered as (
    select tk, arm, entered_at as as_of, sum(k) as n_entered
    from buckets where entered_at is not null group by all
),
matured as (
    select tk, arm, matured_at as as_of, sum(k) as n, sum(sum_y) as sum_y, sum(sum_y2) as sum_y2
    from buckets where matured_at is not null group by all
),
grid_arms as (  -- per target and arm: the first day of its series, the initiative's start (or its first enrolment)
    select t.tk, arms.arm, least(coalesce(i.period_start, mn.first_start), mn.first_start) as first_day
    from computed t
    join initiatives i using (initiative_id)
    left join (select initiative_id, min(start_date) as first_start from enrolments group by all) mn using (initiative_id)
    cross join (values ('all'), ('treatment'), ('control')) arms(arm)
    where (t.measure = 'effect') = (arms.arm <> 'all')
      and mn.first_start is not null
),
stored_dates as (  -- dates an earlier refresh stored that are not month-ends (a refresh on the 15th stores the
    -- 15th): computed again here, so that a correction of the microdata reaches every stored figure
    select distinct t.tk, m.as_of
    from measurements m join computed t using (target_id)
    where m.origin = 'beregnet' and m.as_of < $as_of::date and m.as_of <> last_day(m.as_of)
),
grid as (  -- month-ends from the first day to as_of, and as_of itself; extra: a stored date from above
    select g.tk, g.arm, least(last_day(m.month_start::date), $as_of::date) as as_of, false as extra
    from grid_arms g,
    lateral (select unnest(generate_series(date_trunc('month', g.first_day), $as_of::date, interval 1 month)) as month_start) m
    union all
    select g.tk, g.arm, x.as_of, true
    from grid_arms g join stored_dates x on x.tk = g.tk and x.as_of >= date_trunc('month', g.first_day)
),
extra_entered as (  -- at a stored date X: what entered from the 1st of X's month to X (the buckets hold the
    -- earlier months; X's month is bucketed at its month-end or as_of, both after X)
    select x.tk, x.arm, x.as_of, sum(d.k) as n_entered
    from grid x join daily d on d.tk = x.tk and d.arm = x.arm
     and date_trunc('month', d.anchor_date) = date_trunc('month', x.as_of) and d.anchor_date <= x.as_of
    where x.extra
    group by all
),
extra_matured as (  -- ... and what matured in the same days
    select x.tk, x.arm, x.as_of, sum(d.k) as n, sum(d.sum_y) as sum_y, sum(d.sum_y2) as sum_y2
    from grid x join daily d on d.tk = x.tk and d.arm = x.arm
     and date_trunc('month', d.mature_date) = date_trunc('month', x.as_of) and d.mature_date <= x.as_of
    where x.extra
    group by all
),
cumulative as (  -- running sums over the month-end buckets; a stored date adds its month so far
    select g.tk, g.arm, g.as_of,
        sum(coalesce(e.n_entered, 0)) over w + coalesce(xe.n_entered, 0) as n_entered,
        sum(coalesce(m.n, 0)) over w + coalesce(xm.n, 0) as n,
        sum(coalesce(m.sum_y, 0)) over w + coalesce(xm.sum_y, 0) as sum_y,
        sum(coalesce(m.sum_y2, 0)) over w + coalesce(xm.sum_y2, 0) as sum_y2
    from grid g
    left join entered e using (tk, arm, as_of)
    left join matured m using (tk, arm, as_of)
    left join extra_entered xe using (tk, arm, as_of)
    left join extra_matured xm using (tk, arm, as_of)
    window w as (partition by g.tk, g.arm order by g.as_of rows unbounded preceding)
),
arm_stats as (
    select c.*, t.target_id, t.per_person, t.measure, t.unit, t.target_version,
        c.n_entered - c.n as pending,
        c.sum_y / nullif(c.n, 0)::double as m,
        case when c.n > 1 then (c.sum_y2 - c.sum_y * c.sum_y / c.n) / (c.n - 1) end as var_y
    from cumulative c join computed t using (tk)
),
arm_ci as (  -- Wilson for shares, a normal interval for means (queries/views/00_intervals.sql)
    select *,
        case when per_person then normal_low(m, var_y, n) else wilson_low(sum_y, n) end as lo,
        case when per_person then normal_high(m, var_y, n) else wilson_high(sum_y, n) end as hi,
        case when per_person then 1 else 100 end::double as k
    from arm_stats
),
per_arm as (
    select target_id, target_version, as_of, arm,
        case when per_person then null else sum_y end::double as numerator,
        n::double as denominator, pending::double as pending,
        k * m as value, k * lo as ci_low, k * hi as ci_high
    from arm_ci
),
effect_rows as (  -- treatment minus control, in the target's unit; Newcombe for shares (newcombe_arms_low / _high,
    -- from the arms' Wilson ends), Welch normal for means
    select t.target_id, t.target_version, t.as_of, 'effect' as arm,
        null::double as numerator, t.n::double as denominator, (t.pending + c.pending)::double as pending,
        case when t.unit = 'persons' then t.n else t.k end as scale,
        t.m - c.m as diff,
        case when t.per_person then welch_low(t.m, t.var_y, t.n, c.m, c.var_y, c.n)
             else newcombe_arms_low(t.m, t.lo, t.hi, c.m, c.lo, c.hi) end as lo,
        case when t.per_person then welch_high(t.m, t.var_y, t.n, c.m, c.var_y, c.n)
             else newcombe_arms_high(t.m, t.lo, t.hi, c.m, c.lo, c.hi) end as hi
    from arm_ci t join arm_ci c using (target_id, as_of)
    where t.arm = 'treatment' and c.arm = 'control'
),
final as (
    select * from per_arm
    union all
    select target_id, target_version, as_of, arm, numerator, denominator, pending,
        scale * diff as value, scale * lo as ci_low, scale * hi as ci_high
    from effect_rows
)
select * from final
