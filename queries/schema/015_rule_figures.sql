-- Schema version 15: the rule id and its figures are stored, not rule texts rendered into Danish and
-- English (issue 19). `rule_figures` holds what queries/rule_texts.render needs to write the rule in
-- the reader's language: basis, actual, goal, target_value, unit, n, ci_low, ci_high (and, for an
-- initiative's roll-up, counts: state -> number of targets).
-- round_snapshots (history, append-only): snapshots frozen from this version on hold rule and
-- rule_figures, and no text (rule_text, rule_text_en null); snapshots frozen before keep the text they
-- were frozen with and no figures — they render as then (rule_texts.text falls back to the stored text).
-- status_proposals (derived, rebuilt after every write and per read connection on a new day): the rows
-- present now get their figures from their own columns; the next recompute writes them for every row.

alter table round_snapshots add column rule_figures json;
comment on column round_snapshots.rule_figures is 'The figures the rule judged, as JSON (basis, actual, goal, target_value, unit, n, ci_low, ci_high): with rule, what the rule text is rendered from in the reader''s language (queries/rule_texts.py). Null in snapshots frozen before schema 15, which keep rule_text / rule_text_en.';
comment on column round_snapshots.rule_text is 'Why the rules proposed that state, in words (Danish), as frozen before schema 15; null from schema 15 on (rule and rule_figures are frozen instead, rendered by queries/rule_texts.py).';
comment on column round_snapshots.rule_text_en is 'rule_text in English (schema 12 to 14); null in snapshots frozen before schema 12 and from schema 15 on.';

alter table status_proposals add column rule_figures json;
comment on column status_proposals.rule_figures is 'The figures the rule judged, as JSON (basis, actual, goal, target_value, unit, n, ci_low, ci_high; counts per state for an initiative''s roll-up): with rule, what the rule text is rendered from (queries/rule_texts.render).';
comment on column status_proposals.rule_text_da is 'The rule in words, in Danish, e.g. "40 % mål, 37 % opnået (n=112, 95 %-interval 29–46 %): inden for tolerance" — rendered from rule and rule_figures by queries/rule_texts.render each time the status is computed (this table is derived), for readers in SQL (v_status.rule_text).';
comment on column status_proposals.rule_text_en is 'The rule in words, in English, rendered as rule_text_da.';

update status_proposals
set rule_figures = json_object('basis', basis, 'actual', actual, 'goal', goal, 'target_value', target_value,
                               'unit', unit, 'n', n, 'ci_low', ci_low, 'ci_high', ci_high)
where level = 'target';
