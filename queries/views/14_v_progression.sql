-- requires schema 3
-- v_progression: progression assessments (scores 1–5) per initiative, sub-goal target, arm and
-- quarter since the citizen's enrolment start, for the sub-goals measured by the progression tool.
--
-- An assessment belongs to an enrolment of the same citizen when it is dated on or after the
-- start and no later than 92 days (one quarter) after the end (or the enrolment is ongoing): the
-- last assessment is often made at, or shortly after, the closing interview. When several
-- enrolments of the citizen in the same initiative qualify, the one started last counts, so an
-- assessment is counted once per initiative. Assessments of citizens with no such enrolment have
-- no initiative and are not in this view (they stay in the table progression).
--
-- quarter = complete months from the enrolment start to the assessment, divided by 3 (integer):
-- 0 = the first three months (including an assessment on the start day), 1 = the next three …
-- Per enrolment, dimension and quarter only the latest assessment counts (n = citizens assessed).
-- The sub-goal is the current target of the initiative with progression_dimension = dimension;
-- a dimension with data but no such target is shown with target_id null.
create or replace view v_progression as
with matched as (
    select
        e.enrolment_id,
        e.initiative_id,
        e.arm,
        p.dimension,
        p.score,
        p.date,
        date_sub('month', e.start_date, p.date) // 3 as quarter
    from progression p
    join enrolments e
      on e.citizen_id = p.citizen_id
     and p.date >= e.start_date
     and (e.end_date is null or p.date <= e.end_date + 92)
    qualify row_number() over (partition by p.rowid, e.initiative_id order by e.start_date desc, e.enrolment_id desc) = 1
),
latest as (
    select * from matched
    qualify row_number() over (partition by enrolment_id, dimension, quarter order by date desc, score desc) = 1
),
final as (
    select
        l.initiative_id,
        t.target_id,
        l.dimension,
        l.arm,
        l.quarter::integer                 as quarter,
        count(*)                           as n,
        avg(l.score)                       as mean_score,
        count(*) filter (where l.score >= 4) as n_score_4_5,
        min(l.date)                        as first_date,
        max(l.date)                        as last_date
    from latest l
    left join v_targets t
      on t.initiative_id = l.initiative_id and t.progression_dimension = l.dimension
    group by all
)
select * from final;
comment on view v_progression is 'Progression scores 1–5 per initiative, sub-goal target, arm and quarter since enrolment start (0 = first three months); the latest assessment per enrolment, dimension and quarter counts; target_id null = a dimension with no sub-goal target. Stable columns: initiative_id, target_id, dimension, arm, quarter, n, mean_score, n_score_4_5.';
-- (re)stated here so existing stores get it too: the dimension ids are the sub-goal targets' ids
comment on column progression.dimension is 'Dimension assessed: a progression_dimension of a sub-goal target (e.g. job_readiness, housing, self_rated_health); v_progression lines the two up.';
