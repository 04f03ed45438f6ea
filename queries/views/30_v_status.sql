-- v_status: the status (smiley) of every current target — proposal, assessment and final state.
-- States are ids (green, yellow, red, none, unsure); pages map them to 😊 😐 😞 ⚪ ❔ with
-- queries/status.py (emoji, shape, colour, label). Rules: docs/status.md.
-- rule_text / rule_text_en: the rule in words, rendered from rule and rule_figures (JSON: basis, actual,
-- goal, target_value, unit, n, ci_low, ci_high; counts for a roll-up) by queries/rule_texts.py each time
-- the status is computed (status_proposals is derived data, current at as_of); pages, reports and the
-- CLI render rule + rule_figures in the reader's language with the same function.
-- requires schema 15
create or replace view v_status as
select
    s.target_id,
    s.initiative_id,
    s.as_of,
    s.proposed,
    s.assessed,
    s.final,
    s.rule_text_da             as rule_text,
    s.n,
    s.ci_low,
    s.ci_high,
    s.actual,
    s.target_value,
    s.goal,
    s.tolerance,
    s.unit,
    s.direction,
    s.kind,
    s.rule,
    s.basis,
    s.rule_text_en,
    s.measured_at,
    s.assessed_by,
    s.assessed_at,
    s.assessment_text,
    s.round_id,
    s.assessment_id,
    s.sort_order,
    s.rule_figures
from status_proposals s
where s.level = 'target';
comment on view v_status is 'Status of every current target at as_of: proposed (computed), assessed (a person''s, when one applies), final (shown). Stable columns: target_id, initiative_id, as_of, proposed, assessed, final, rule_text, n, ci_low, ci_high, actual, target_value, assessed_by, assessed_at, assessment_text, round_id.';

-- v_status_initiatives: one row per initiative — the roll-up of its targets and implementation state.
create or replace view v_status_initiatives as
select
    s.initiative_id,
    i.theme_id,
    s.as_of,
    s.proposed,
    s.assessed,
    s.final,
    s.rule_text_da             as rule_text,
    s.rule,
    s.rule_text_en,
    s.assessed_by,
    s.assessed_at,
    s.assessment_text,
    s.round_id,
    s.assessment_id,
    s.sort_order,
    s.rule_figures
from status_proposals s
join initiatives i using (initiative_id)
where s.level = 'initiative';
comment on view v_status_initiatives is 'Status of every initiative: the worst of its targets and its implementation state (proposed), the assessment that applies (assessed) and the state shown (final). Stable columns: initiative_id, theme_id, as_of, proposed, assessed, final, rule_text.';

-- v_status_themes: count of each final state per theme (the 2013 report's overview).
create or replace view v_status_themes as
select
    theme_id,
    count(*) filter (where final = 'green')  as green,
    count(*) filter (where final = 'yellow') as yellow,
    count(*) filter (where final = 'red')    as red,
    count(*) filter (where final = 'none')   as "none",
    count(*) filter (where final = 'unsure') as unsure,
    count(*)                                 as initiatives
from v_status_initiatives
where theme_id is not null
group by theme_id;
comment on view v_status_themes is 'Per theme: how many initiatives are in each final state. Stable columns: theme_id, green, yellow, red, none, unsure, initiatives.';
