-- name: demo_08_events
-- title: Demo data, step 8: events — the children's kickoff event, the business case's psychiatric admissions and contacts
-- params: $seed  the seed of every draw
-- makes: rows of events (kickoff_event within 45 days of the start, psychiatric_admission_days and
--        psychiatry_contact within the first year, by the design's shares per arm)
insert into events (citizen_id, kind, date, value, citizen_key)
select citizen_id, 'kickoff_event', start_date + (u2($seed, i, nr, 'kick') * 45)::int, 1, citizen_key
from _enr where u2($seed, i, nr, 'kickp') < kickoff
union all
select citizen_id, 'psychiatric_admission_days', start_date + (u2($seed, i, nr, 'admd') * 364)::int,
       (5 + u2($seed, i, nr, 'admv') * 25)::int, citizen_key
from _enr where u2($seed, i, nr, 'adm') < case when arm = 'control' then adm_c else adm_t end
union all
select citizen_id, 'psychiatry_contact', start_date + (u2($seed, i, nr, 'cond') * 364)::int, 1, citizen_key
from _enr where u2($seed, i, nr, 'con') < case when arm = 'control' then contact_c else contact_t end;
