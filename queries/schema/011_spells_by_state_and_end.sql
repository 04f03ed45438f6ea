-- Schema version 11: spells stored grouped by state, then by end date (open spells last), then
-- citizen and start (queries/microdata.py SPELLS_ORDER). series.sql reads only the states its targets
-- count and only spells that end on or after the earliest date its cohort looks at; with the rows in
-- this order DuckDB's zone maps (min/max per row group) skip the row groups of other states and of
-- spells that ended long before (docs/performance.md). demo and import write new rows in this order;
-- this file re-sorts the rows of a store made before. No row is changed, added or lost: the same rows
-- are written back in another order, in the migration's transaction.

create temp table _spells_by_state_and_end as
select citizen_id, state, from_date, to_date, citizen_key from spells
order by state, to_date nulls last, citizen_id, from_date;
delete from spells;
insert into spells (citizen_id, state, from_date, to_date, citizen_key)
select citizen_id, state, from_date, to_date, citizen_key from _spells_by_state_and_end;
drop table _spells_by_state_and_end;
