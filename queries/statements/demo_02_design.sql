-- name: demo_02_design
-- title: Demo data, step 2: the design (demo.DESIGN, BACKGROUND, DISTRICTS) as tables the later steps join on
-- params: $design      one struct per initiative in the store (demo._design_rows): the citizen
--                      share [lo, hi) drawn into it, enrolment window, duration, share completed,
--                      randomised, retention, kickoff share, outcome mix per arm (p_ treatment or
--                      everyone, pc_ control), admission and contact shares per arm
--         $background  one struct per background state: its share [lo, hi) of the draws
--         $districts   the district names, in order
-- makes: the temp tables _cfg, _bgstates and _districts (k = 0, 1, …)
create or replace temp table _cfg (
    initiative_id varchar, lo double, hi double, w_start date, w_end date, dur_min integer, dur_max integer,
    p_completed double, randomised boolean, retention double, kickoff double,
    p_job double, p_education double, p_flexjob double, p_resource_course double, p_leisure_job double,
    p_club_activity double,
    pc_job double, pc_education double, pc_flexjob double, pc_resource_course double, pc_leisure_job double,
    pc_club_activity double,
    adm_t double, adm_c double, contact_t double, contact_c double);

insert into _cfg by name select unnest($design, recursive := true);

create or replace temp table _bgstates (state varchar, lo double, hi double);

insert into _bgstates by name select unnest($background, recursive := true);

create or replace temp table _districts as
select unnest($districts::varchar[]) as district, generate_subscripts($districts::varchar[], 1) - 1 as k;
