-- name: overview_targets
-- title: Overblikkets mål: hvert gældende mål med indsats, udvalg og forvaltninger (the overview's current targets)
-- params: none
-- returns: one row per current target (v_targets), in document order: its texts, kind, target value,
--          unit, direction, tolerance, theme, document, committee ('–' when none), lead
--          administration, administrations (lead and partners, comma-separated), first follow-up,
--          frequency and the initiative's implementation state. overview.overview adds the figures.
select v.target_id, v.initiative_id, v.initiative, coalesce(v.short_text, v.text) as short_text,
       v.text, v.kind, v.target_value, v.unit, v.direction, v.tolerance, v.theme, v.document,
       coalesce(v.committee, '–') as committee, v.lead_administration,
       trim(concat_ws(',', v.lead_administration, i.partner_administrations), ',') as administrations,
       v.first_followup, v.frequency_months, i.implementation_state
from v_targets v join v_initiatives i using (initiative_id)
order by v.document_file, v.sort_order
