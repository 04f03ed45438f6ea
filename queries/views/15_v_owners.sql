-- requires schema 16
-- v_owners: every current target with its owner — its own owner row, else its initiative's
-- (owner_source 'target' or 'initiative'). Mailboxes are functional addresses, never persons.
create or replace view v_owners as
with initiative_owner as (
    select object_id as initiative_id, administration_id, mailbox, version
    from owners where object_kind = 'initiative' and valid_to is null
),
target_owner as (  -- a version that removed the target's own owner (inherits) is no owner of its own
    select object_id as target_id, administration_id, mailbox, version
    from owners where object_kind = 'target' and valid_to is null and not coalesce(inherits, false)
),
final as (
    select t.target_id, t.initiative_id,
           coalesce(o.administration_id, i.administration_id) as administration_id,
           coalesce(o.mailbox, i.mailbox) as mailbox,
           case when o.target_id is not null then 'target' when i.initiative_id is not null then 'initiative' end
               as owner_source,
           i.administration_id as initiative_administration_id, i.mailbox as initiative_mailbox
    from targets t
    left join target_owner o using (target_id)
    left join initiative_owner i on i.initiative_id = t.initiative_id
    where t.valid_to is null
)
select * from final;
