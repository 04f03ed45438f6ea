-- name: round_initiatives, round_sources
-- title: Det en afrapporteringsrunde omfatter (what a reporting round reports on, and the figures it freezes)
-- unit: the target's unit (value)
-- better: the target's direction
-- params: round (the round_id); at_date (DATE, the meeting date):
--   round_initiatives('biu-2026-12'), round_sources('biu-2026-12', DATE '2026-12-10')
-- Definition: round_initiatives(round) — the initiatives a round reports on: those of the round's
-- document when it has one (the 2013 report went to all three committees with all its
-- initiatives); otherwise the committee's own initiatives, those without a committee in documents
-- addressed to it, and every initiative of a status document addressed to it.
-- round_sources(round, at_date) — one row per target of those initiatives, in the version in force
-- at the meeting (target_versions_at) with the measurement it is judged on then (judged_at), in
-- the report's order: what queries/rounds.freeze writes into round_snapshots with the status.
create or replace macro round_initiatives(round) as table
with final as (
    select i.*
    from initiatives i
    join documents d using (document_id), rounds r
    where r.round_id = round and (
        (r.document_id is not null and i.document_id = r.document_id)
        or (r.document_id is null and (
            i.committee_id = r.committee_id
            or (i.committee_id is null and list_contains(string_split(coalesce(d.committees, ''), ','), r.committee_id))
            or (d.kind = 'statusnotat' and list_contains(string_split(coalesce(d.committees, ''), ','), r.committee_id))
        )))
)

select * from final;

create or replace macro round_sources(round, at_date) as table
with judged as (
    select * from judged_at(at_date)
),

final as (
    select t.target_id, t.version as target_version, i.initiative_id, i.document_id, i.theme_id,
           th.number as theme_number, th.title as theme_title, i.section, i.name as initiative_name,
           coalesce(i.passage, i.description) as initiative_passage, i.implementation_state,
           i.sort_order as initiative_sort, t.sort_order as target_sort, t.text as target_text,
           t.short_text, t.kind, t.target_value, t.unit, t.direction, t.deadline,
           t.first_followup, t.frequency_months,
           m.measurement_id, m.as_of as measured_as_of, m.arm, m.value, m.numerator, m.denominator as n,
           m.ci_low, m.ci_high, m.source
    from round_initiatives(round) i
    join target_versions_at(at_date) t on t.initiative_id = i.initiative_id
    left join themes th on th.theme_id = i.theme_id
    left join judged m on m.target_id = t.target_id
)

select * from final
order by initiative_sort, target_sort, target_id;
