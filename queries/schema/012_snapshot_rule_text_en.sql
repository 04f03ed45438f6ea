-- Schema version 12: the rule text in English too, so an English committee report quotes the rule
-- in English (before, every snapshot held the Danish text only and the English report showed it).
-- Snapshots frozen before this version keep rule_text_en null; the report then shows rule_text.

alter table round_snapshots add column rule_text_en varchar;
comment on column round_snapshots.rule_text_en is 'rule_text in English (status_proposals.rule_text_en); null in snapshots frozen before schema 12.';
