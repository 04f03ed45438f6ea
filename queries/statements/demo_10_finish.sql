-- name: demo_10_finish
-- title: Demo data, step 10: drop the generator's temp tables and count what it made
-- params: none
-- makes: nothing lasting (drops _cfg, _bgstates, _districts, _enr, _out); returns one row: the row
--        counts of citizens, enrolments, spells, events and progression
drop table if exists _cfg;
drop table if exists _bgstates;
drop table if exists _districts;
drop table if exists _enr;
drop table if exists _out;

select (select count(*) from citizens) as citizens,
       (select count(*) from enrolments) as enrolments,
       (select count(*) from spells) as spells,
       (select count(*) from events) as events,
       (select count(*) from progression) as progression;
