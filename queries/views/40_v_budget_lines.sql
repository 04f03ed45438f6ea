-- name: v_budget_lines
-- title: Budget pr. år og linje med forvaltning og indsats (budget per year and line, with administration and initiative)
-- unit: 1.000 kr. (amount_tdkk)
-- better: –
-- params: none (a view)
-- Definition: the budget lines of kind 'budget'; the administration is the committee's, else the
-- initiative's lead administration; '–' where the document names neither. Read by the Økonomi page
-- (queries/economy.py budget), grouped there by administration, committee, budget area or initiative.
create or replace view v_budget_lines as
with budget as (
    select * from v_budget where kind = 'budget'
),

final as (
    select
        b.year,
        b.activity,
        b.initiative_id,
        coalesce(i.name, b.activity)                           as initiative,
        coalesce(b.budget_area, '–')                           as budget_area,
        coalesce(b.committee, '–')                             as committee,
        coalesce(c.administration_id, i.lead_administration, '–') as administration,
        b.appropriation,
        b.amount_tdkk::double                                  as amount_tdkk,
        b.price_level,
        b.document_file,
        b.budget_line_id
    from budget b
    left join v_initiatives i using (initiative_id)
    left join committees c on c.committee_id = b.committee
)

select * from final;
comment on view v_budget_lines is 'Budget lines (kind budget) per year with administration and initiative, in 1.000 kr.';
