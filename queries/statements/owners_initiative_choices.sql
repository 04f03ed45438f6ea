-- name: owners_initiative_choices
-- title: Indsatser med deres ejer til ejerformularen (initiatives with their owner, for the owner form)
-- params: none
-- returns: one row per initiative: object_id, label (its name), its current owner's administration_id
--          and mailbox, owner_source 'initiative' when it has an owner row, and own (an owner of its
--          own that owners.remove_override can remove: not an inheriting row)
select i.initiative_id as object_id, i.name as label, o.administration_id, o.mailbox,
       case when o.object_id is not null then 'initiative' end as owner_source,
       o.object_id is not null and not coalesce(o.inherits, false) as own
from initiatives i
left join owners o on o.object_kind = 'initiative' and o.object_id = i.initiative_id and o.valid_to is null
order by i.initiative_id
