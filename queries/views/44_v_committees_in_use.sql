-- name: v_committees_in_use
-- title: Udvalg med indsatser eller runder (committees that hold initiatives or reporting rounds)
-- unit: –
-- better: –
-- params: none (a view)
-- Definition: the committees named by an initiative or a reporting round — the Udvalgsrapport
-- page's choice of committee.
create or replace view v_committees_in_use as
with used as (
    select committee_id from rounds
    union
    select committee_id from initiatives where committee_id is not null
),

final as (
    select c.committee_id, c.name, c.name_en
    from committees c
    where c.committee_id in (select committee_id from used)
)

select * from final;
comment on view v_committees_in_use is 'Committees that hold initiatives or reporting rounds.';
