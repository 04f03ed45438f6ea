-- name: target_versions_at
-- title: Målenes version på en dato (each target's version in force at the end of a date)
-- unit: – (rows of the targets table)
-- better: –
-- params: at_date (DATE): target_versions_at(DATE '2026-11-30')
-- Definition: per target the newest version that took effect before the day after at_date, so a
-- later change of a target value does not rewrite how an earlier date is judged; for a date before
-- the first version took effect (the catalogue's version 1 is stored when the catalogue is loaded,
-- but states what the document set), version 1.
-- Read by: the status evaluation at a date (queries/status_table.py) and a round's snapshot
-- (round_sources in 25_round_sources.sql).
create or replace macro target_versions_at(at_date) as table
with ranked as (
    select *, row_number() over (
        partition by target_id
        order by case when valid_from < at_date::date + interval 1 day then version end desc nulls last,
                 version) as pick
    from targets
),

final as (
    select * exclude (pick) from ranked where pick = 1
)

select * from final;
