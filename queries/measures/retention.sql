-- name: retention
-- title: Fastholdelse: andel der bliver i en tilstand mindst et antal måneder (retention in a state for n months)
-- unit: pct
-- better: higher (the target's direction decides)
-- params: $initiative_id  initiative whose enrolments form the cohort
--         $arms           arms in the cohort, comma-separated
--         $offset_months  how long the counted states must last, in calendar months
--         $states         states that count, comma-separated (job,education)
--         $as_of          the date the figure refers to
-- Definition: among enrolments whose citizen starts a spell of a counted state between start_date
-- and end_date (or as_of while ongoing), take the first such start j. Success when counted states
-- cover every day from j to j + offset months: spells that overlap or touch (next from_date <=
-- previous to_date + 1 day) join up; a one-day gap breaks them. Matured (in the denominator) when
-- j + offset <= as_of; otherwise pending. value null when the denominator is 0. 95 % Wilson interval.
-- Run in the DuckDB CLI:  PREPARE retention AS <this file>;
--   EXECUTE retention(initiative_id := 'bi07-veteraner-eftervaern', arms := 'treatment', offset_months := 5,
--                     states := 'job,education', as_of := DATE '2026-11-22');
with params as (
    select
        $initiative_id::varchar              as initiative_id,
        string_split($arms::varchar, ',')    as arms,
        $offset_months::integer              as offset_months,
        string_split($states::varchar, ',')  as states,
        $as_of::date                         as as_of
),
cohort as (
    select e.enrolment_id, e.citizen_id, e.start_date, coalesce(e.end_date, p.as_of) as window_end
    from enrolments e, params p
    where e.initiative_id = p.initiative_id and list_contains(p.arms, e.arm)
),
counted as (  -- the counted spells of the cohort's citizens; open spells run to 9999-12-31
    select s.citizen_id, s.from_date, coalesce(s.to_date, date '9999-12-31') as to_date
    from spells s, params p
    where list_contains(p.states, s.state)
      and s.citizen_id in (select citizen_id from cohort)
),
ordered as (  -- the latest end among the citizen's earlier spells
    select *,
        max(to_date) over (partition by citizen_id order by from_date, to_date
                           rows between unbounded preceding and 1 preceding) as prev_end
    from counted
),
islands as (  -- a new island starts after a gap of at least one day
    select *,
        sum(case when prev_end is null or from_date > prev_end + 1 then 1 else 0 end)
            over (partition by citizen_id order by from_date, to_date rows unbounded preceding) as island
    from ordered
),
island_spans as (
    select citizen_id, island, min(from_date) as island_start, max(to_date) as island_end
    from islands group by all
),
first_start as (  -- j: the first counted start within the enrolment
    select c.enrolment_id, c.citizen_id, min(k.from_date) as j
    from cohort c join counted k
      on k.citizen_id = c.citizen_id and k.from_date between c.start_date and c.window_end
    group by all
),
outcome as (
    select f.*,
        (f.j + to_months(p.offset_months))::date as j_end,
        (f.j + to_months(p.offset_months))::date <= p.as_of as matured,
        i.island_end >= (f.j + to_months(p.offset_months))::date as success
    from first_start f
    join island_spans i on i.citizen_id = f.citizen_id and f.j between i.island_start and i.island_end,
    params p
    where f.j <= p.as_of
),
counts as (
    select
        count(*) filter (where matured and success)  as numerator,
        count(*) filter (where matured)              as denominator,
        count(*) filter (where not matured)          as pending
    from outcome
),
final as (  -- 95 % Wilson score interval: wilson_low / wilson_high (queries/views/00_intervals.sql)
    select
        p.as_of,
        c.numerator,
        c.denominator,
        c.pending,
        100 * (c.numerator / nullif(c.denominator, 0)::double) as value,
        100 * wilson_low(c.numerator, c.denominator) as ci_low,
        100 * wilson_high(c.numerator, c.denominator) as ci_high
    from counts c, params p
)
select * from final
