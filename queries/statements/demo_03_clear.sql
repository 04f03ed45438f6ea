-- name: demo_03_clear
-- title: Demo data, step 3: remove all microdata (demo.demo has refused a store with real microdata)
-- params: none
-- makes: empty progression, events, spells, enrolments, citizens and citizen_keys
delete from progression;
delete from events;
delete from spells;
delete from enrolments;
delete from citizens;
delete from citizen_keys;
