-- v_targets: the current version of every target, with its initiative, theme and source document.
create or replace view v_targets as
select
    t.target_id,
    t.initiative_id,
    i.name                     as initiative,
    th.title                   as theme,
    d.title                    as document,
    d.seed_file                as document_file,
    t.kind,
    t.text,
    t.target_value,
    t.unit,
    t.direction,
    t.horizon,
    t.first_followup,
    t.measure,
    t.anchor,
    t.offset_months,
    t.states,
    t.short_text,
    t.arms,
    t.event_kind,
    t.outcome,
    t.tolerance,
    t.deadline,
    t.frequency_months,
    t.baseline_value,
    t.baseline_date,
    t.baseline_note,
    t.responsible,
    t.progression_dimension,
    t.version                  as target_version,
    i.committee_id             as committee,
    i.lead_administration,
    i.document_id,
    i.theme_id,
    t.sort_order
from targets t
join initiatives i using (initiative_id)
join documents d on d.document_id = i.document_id
left join themes th on th.theme_id = i.theme_id
where t.valid_to is null;
comment on view v_targets is 'Current version of every target. Stable columns: target_id, initiative_id, initiative, theme, document, document_file, kind, text, target_value, unit, direction, horizon, first_followup, measure, anchor, offset_months, states.';
