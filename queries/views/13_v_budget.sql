-- v_budget: budget lines, one row per activity and year.
create or replace view v_budget as
select
    b.initiative_id,
    b.activity,
    b.budget_area,
    b.committee_id             as committee,
    b.appropriation,
    b.year,
    b.amount_tdkk,
    b.price_level,
    b.kind,
    b.period_label,
    b.document_id,
    d.seed_file                as document_file,
    b.source_table,
    b.note,
    b.budget_line_id
from budget_lines b
join documents d using (document_id);
comment on view v_budget is 'Budget lines per activity and year in 1.000 kr. Stable columns: initiative_id, activity, budget_area, committee, appropriation, year, amount_tdkk, price_level, kind.';
