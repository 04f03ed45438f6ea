-- name: share
-- title: Andel af forløb i en tilstand et antal måneder efter et ankerpunkt (share of enrolments in a state at an offset)
-- unit: pct
-- better: higher (the target's direction decides)
-- params: $initiative_id  initiative whose enrolments form the cohort
--         $arms           arms in the cohort, comma-separated (treatment | control | treatment,control)
--         $anchor         start | end (completed enrolments only) | event (first $event_kind on/after start)
--         $event_kind     event kind for anchor event (e.g. kickoff_event); null otherwise
--         $offset_months  d = anchor + INTERVAL (offset_months) MONTH (calendar months; 31 Jan + 1 = 28/29 Feb)
--         $states         states that count as success, comma-separated (job,education)
--         $as_of          the date the figure refers to
-- Definition: the unit is the enrolment (a citizen enrolled twice counts twice). An enrolment is in
-- the cohort at as_of when its anchor date is on or before as_of; it is matured (in the
-- denominator) when d <= as_of, otherwise pending. Success: the citizen has a spell of a counted
-- state with from_date <= d <= to_date (null to_date = still running). value = 100 * numerator /
-- denominator, null when the denominator is 0. 95 % Wilson score interval.
-- Run in the DuckDB CLI:  PREPARE share AS <this file>;
--   EXECUTE share(initiative_id := 'bi07-veteraner-koordination', arms := 'treatment', anchor := 'start',
--                 event_kind := NULL, offset_months := 6, states := 'job,education', as_of := DATE '2026-11-22');
with params as (
    select
        $initiative_id::varchar                    as initiative_id,
        string_split($arms::varchar, ',')          as arms,
        $anchor::varchar                           as anchor,
        $event_kind::varchar                       as event_kind,
        $offset_months::integer                    as offset_months,
        string_split($states::varchar, ',')        as states,
        $as_of::date                               as as_of
),
cohort as (  -- one row per enrolment with its anchor date (null = no anchor yet / not counted)
    select
        e.enrolment_id,
        e.citizen_id,
        case p.anchor
            when 'start' then e.start_date
            when 'end'   then case when e.completed then e.end_date end
            when 'event' then (
                select min(v.date) from events v
                where v.citizen_id = e.citizen_id and v.kind = p.event_kind
                  and v.date >= e.start_date and (e.end_date is null or v.date <= e.end_date))
        end as anchor_date
    from enrolments e, params p
    where e.initiative_id = p.initiative_id and list_contains(p.arms, e.arm)
),
measured as (  -- the measurement date d of each anchored enrolment
    select c.*, (c.anchor_date + to_months(p.offset_months))::date as d
    from cohort c, params p
    where c.anchor_date is not null and c.anchor_date <= p.as_of
),
outcome as (  -- success: a counted spell covers d
    select m.*,
        m.d <= p.as_of as matured,
        exists (select 1 from spells s
                where s.citizen_id = m.citizen_id and list_contains(p.states, s.state)
                  and s.from_date <= m.d and (s.to_date is null or m.d <= s.to_date)) as success
    from measured m, params p
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
