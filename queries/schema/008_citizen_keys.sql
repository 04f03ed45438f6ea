-- Schema version 8: integer surrogate keys for citizens in the microdata tables, so the measure
-- joins (queries/measures/*.sql) hash and compare 8-byte integers instead of text pseudonyms
-- (docs/performance.md, Refresh). The key is a function of citizen_id alone,
-- md5_number_lower(citizen_id) — stable across DuckDB versions and stores, so every writer
-- (import, demo) computes the same key without a lookup table. The CSV interchange format is
-- unchanged: citizen_id stays the id; citizen_key is never shown or exported.

alter table enrolments add column citizen_key ubigint;
alter table spells add column citizen_key ubigint;
alter table events add column citizen_key ubigint;

update enrolments set citizen_key = md5_number_lower(citizen_id);
update spells set citizen_key = md5_number_lower(citizen_id);
update events set citizen_key = md5_number_lower(citizen_id);

comment on column enrolments.citizen_key is 'Integer surrogate of citizen_id for fast joins: md5_number_lower(citizen_id), set by every writer (import, demo; queries.microdata.fill_citizen_keys for rows written without it). Not an id to show.';
comment on column spells.citizen_key is 'Integer surrogate of citizen_id for fast joins: md5_number_lower(citizen_id), set by every writer (import, demo; queries.microdata.fill_citizen_keys for rows written without it). Not an id to show.';
comment on column events.citizen_key is 'Integer surrogate of citizen_id for fast joins: md5_number_lower(citizen_id), set by every writer (import, demo; queries.microdata.fill_citizen_keys for rows written without it). Not an id to show.';
