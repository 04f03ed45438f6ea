-- Schema version 8: integer surrogate keys for citizens, so the measure joins
-- (queries/measures/series.sql) hash and compare small integers instead of text pseudonyms, and
-- the key column compresses to a few bits per row (docs/performance.md, Refresh). Keys are dense
-- (1, 2, 3 …), assigned once per citizen_id in citizen_keys and never reused; the microdata
-- tables carry a copy. The CSV interchange format is unchanged: citizen_id stays the id;
-- citizen_key is never shown or exported as an id.

create table citizen_keys (
    citizen_id  varchar primary key,
    citizen_key uinteger not null unique
);
comment on table citizen_keys is 'Integer surrogate key per pseudonymous citizen_id, for fast joins in the measure SQL. Assigned by queries.microdata.fill_citizen_keys (import, after-change hook, refresh) or by demo; never reused.';
comment on column citizen_keys.citizen_id is 'Pseudonymous citizen id (as in the CSV files).';
comment on column citizen_keys.citizen_key is 'Dense integer key (1, 2, 3 …) of citizen_id.';

insert into citizen_keys
select citizen_id, row_number() over (order by citizen_id)::uinteger
from (select citizen_id from citizens union select citizen_id from enrolments
      union select citizen_id from spells union select citizen_id from events);

alter table enrolments add column citizen_key uinteger;
alter table spells add column citizen_key uinteger;
alter table events add column citizen_key uinteger;

update enrolments set citizen_key = k.citizen_key from citizen_keys k where k.citizen_id = enrolments.citizen_id;
update spells set citizen_key = k.citizen_key from citizen_keys k where k.citizen_id = spells.citizen_id;
update events set citizen_key = k.citizen_key from citizen_keys k where k.citizen_id = events.citizen_id;

comment on column enrolments.citizen_key is 'citizen_keys.citizen_key of citizen_id (integer join key for the measure SQL; set by import/demo or queries.microdata.fill_citizen_keys). Not an id to show.';
comment on column spells.citizen_key is 'citizen_keys.citizen_key of citizen_id (integer join key for the measure SQL; set by import/demo or queries.microdata.fill_citizen_keys). Not an id to show.';
comment on column events.citizen_key is 'citizen_keys.citizen_key of citizen_id (integer join key for the measure SQL; set by import/demo or queries.microdata.fill_citizen_keys). Not an id to show.';
