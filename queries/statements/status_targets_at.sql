-- name: status_targets_at
-- title: Målene en status bedømmer på en dato (the targets a status judges at a date)
-- params: $as_of  the date judged at
-- returns: one row per target in the version in force at the end of $as_of (target_versions_at,
--          views/16_target_versions_at.sql), with what the status rules read, in document order
--          (the order of the status table); status_table.evaluate_all judges them
select t.target_id, t.initiative_id, t.kind, t.target_value, t.direction, t.unit, t.tolerance, t.first_followup,
       t.deadline, t.baseline_value, t.baseline_date, t.arms
from target_versions_at($as_of) t
join initiatives i using (initiative_id)
join documents d on d.document_id = i.document_id
order by d.seed_file, t.sort_order, t.target_id
