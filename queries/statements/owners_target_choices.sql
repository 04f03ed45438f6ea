-- name: owners_target_choices
-- title: Mål med deres ejer til ejerformularen (current targets with their owner, for the owner form)
-- params: none
-- returns: one row per current target: object_id, label (short text, else text), the owner v_owners
--          gives it (its own, else its initiative's: owner_source 'target' / 'initiative') and own
--          (an owner of its own)
select t.target_id as object_id, coalesce(t.short_text, t.text) as label, v.administration_id,
       v.mailbox, v.owner_source, coalesce(v.owner_source = 'target', false) as own
from targets t left join v_owners v using (target_id)
where t.valid_to is null
order by t.target_id
