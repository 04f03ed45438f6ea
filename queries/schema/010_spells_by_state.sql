-- Schema version 10: spells stored grouped by state, then citizen and start (queries/microdata.py
-- SPELLS_ORDER). Every measure reads only the states its targets count; with the rows in this order
-- DuckDB's zone maps (min/max per row group) skip the row groups of the other states, which took a
-- quarter off refresh's CPU at 1M citizens (docs/performance.md). demo and import write new rows in
-- this order; this file re-sorts the rows of a store made before. No row is changed, added or lost:
-- the same rows are written back in another order, in the migration's transaction.

create temp table _spells_by_state as
select citizen_id, state, from_date, to_date, citizen_key from spells
order by state, citizen_id, from_date;
delete from spells;
insert into spells (citizen_id, state, from_date, to_date, citizen_key)
select citizen_id, state, from_date, to_date, citizen_key from _spells_by_state;
drop table _spells_by_state;
