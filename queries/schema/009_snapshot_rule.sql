-- Schema version 9: the rule behind each frozen proposal, so a report can tell a ⚪ by why it is
-- one (queries/status.py label: "Følges uden mål" for a figure tracked without a target, "Afventer
-- første opfølgning", "Ikke målt endnu" …) instead of one label for all. Snapshots frozen before
-- this version keep rule null and show the state's own label.

alter table round_snapshots add column rule varchar;
comment on column round_snapshots.rule is 'Id of the status rule behind proposed (status_proposals.rule, e.g. on_target, no_target, not_due, no_data); null in snapshots frozen before schema 9.';
