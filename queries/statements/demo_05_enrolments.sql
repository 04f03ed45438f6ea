-- name: demo_05_enrolments
-- title: Demo data, step 5: enrolments — one per enrolled citizen, 3 % get a second one later in the same initiative
-- params: $seed   the seed of every draw
--         $n      number of citizens
--         $today  the generator's today: later second enrolments are dropped, later ends are open
-- makes: the temp table _enr (one row per enrolment with its design and the draws the later steps
--        use: r_out outcome, r_lag delay, r_len duration of the outcome spell) and rows of enrolments
create or replace temp table _enr as
with pick as (
    select i, c.*, u($seed, i, 'init') as r
    from range(1, $n + 1) t(i) join _cfg c on u($seed, i, 'init') >= c.lo and u($seed, i, 'init') < c.hi
),
first as (
    select *, 1 as nr,
        w_start + (u($seed, i, 'start') * (w_end - w_start))::int as start_date
    from pick
),
second as (
    select * replace (2 as nr, start_date + 400 + (u($seed, i, 'start2') * 200)::int as start_date)
    from first where u($seed, i, 'twice') < 0.03 and not randomised
),
both_ as (select * from first union all select * from second where start_date < $today::date)
select *,
    'P' || lpad(i::varchar, 8, '0') as citizen_id,
    i::uinteger as citizen_key,
    'D' || lpad(i::varchar, 8, '0') || '-' || nr as enrolment_id,
    case when randomised and u($seed, i, 'arm') < 0.5 then 'control' else 'treatment' end as arm,
    start_date + (dur_min + u2($seed, i, nr, 'dur') * (dur_max - dur_min))::int as planned_end,
    u2($seed, i, nr, 'done') < p_completed as done,
    u2($seed, i, nr, 'out') as r_out,
    u2($seed, i, nr, 'lag') as r_lag,
    u2($seed, i, nr, 'len') as r_len
from both_;

insert into enrolments (enrolment_id, citizen_id, initiative_id, arm, start_date, end_date, completed, citizen_key)
select enrolment_id, citizen_id, initiative_id, arm, start_date,
       case when planned_end <= $today::date then planned_end end,
       planned_end <= $today::date and done, citizen_key
from _enr;
