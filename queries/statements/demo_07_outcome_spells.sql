-- name: demo_07_outcome_spells
-- title: Demo data, step 7: after each start, cash benefit until the outcome spell, then the outcome state
-- params: $seed  the seed of every draw
-- makes: the temp table _out (each enrolment with its outcome state and date; by the design's mix
--        for its arm, or a job for the retention initiative) and the spells after each start in _spells
create or replace temp table _out as
select e.*,
    start_date + (r_lag * 60)::int as out_from,
    case
      when retention is not null then 'job'
      when r_out < (case when arm = 'control' then pc_job else p_job end) then 'job'
      when r_out < (case when arm = 'control' then pc_job + pc_education else p_job + p_education end) then 'education'
      when r_out < (case when arm = 'control' then pc_job + pc_education + pc_flexjob
                         else p_job + p_education + p_flexjob end) then 'flexjob'
      when r_out < (case when arm = 'control' then pc_job + pc_education + pc_flexjob + pc_resource_course
                         else p_job + p_education + p_flexjob + p_resource_course end) then 'resource_course'
      when r_out < p_job + p_education + p_flexjob + p_resource_course + p_leisure_job then 'leisure_job'
      when r_out < p_job + p_education + p_flexjob + p_resource_course + p_leisure_job + p_club_activity
           then 'club_activity'
      else case when u2($seed, i, nr, 'fail') < 0.7 then 'cash_benefit' else 'unemployment_benefit' end
    end as out_state
from _enr e;

insert into _spells
select citizen_id, 'cash_benefit', start_date, out_from - 1, citizen_key from _out where out_from > start_date
union all
select citizen_id, out_state, out_from,
    case
      when retention is not null then
        case when r_out < retention then out_from + 160 + (r_len * 300)::int
             else out_from + 20 + (r_len * 120)::int end
      when r_len < 0.3 then null
      else greatest(coalesce(planned_end, start_date), start_date + 200) + (r_len * 400)::int
    end,
    citizen_key
from _out;
