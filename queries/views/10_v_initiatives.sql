-- v_initiatives: one row per initiative with its document and theme. Stable interface for analysts.
create or replace view v_initiatives as
select
    i.initiative_id,
    i.name,
    t.title                    as theme,
    d.title                    as document,
    d.seed_file                as document_file,
    i.lead_administration,
    i.implementation_state,
    i.reported_smiley,
    i.partner_administrations,
    i.committee_id             as committee,
    i.target_group,
    i.period_start,
    i.period_end,
    i.section,
    i.state_reason,
    i.smiley_note,
    i.description,
    i.passage,
    i.document_id,
    i.theme_id,
    d.doc_date                 as document_date,
    d.doc_year                 as document_year,
    i.sort_order
from initiatives i
join documents d using (document_id)
left join themes t using (theme_id);
comment on view v_initiatives is 'Initiatives with document title, seed file and theme. Stable columns: initiative_id, name, theme, document, document_file, lead_administration, implementation_state, reported_smiley.';
