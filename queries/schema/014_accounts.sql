-- Schema version 14: the account behind each status (Results-Based Accountability, "turn the
-- curve"): per reporting round and target, a data steward's Markdown account in four parts. Append
-- only: a new version supersedes the current one (accounts.supersedes), nothing is overwritten; a
-- frozen round accepts no new version, so its report shows the version current when it was frozen.

create sequence account_seq start 1;
create table accounts (
    account_id     bigint primary key default nextval('account_seq'),
    round_id       varchar not null,
    target_id      varchar not null,
    initiative_id  varchar not null,
    story          varchar,
    partners       varchar,
    action_plan    varchar,
    next_step      varchar,
    next_step_date date,
    author         varchar not null,
    entered_at     timestamp not null,
    supersedes     bigint
);
comment on table accounts is 'The account behind a target''s status in a reporting round (RBA turn the curve), in Markdown. Append-only: a new version supersedes the current one; a frozen round takes no new version.';
comment on column accounts.account_id is 'Row id (one version).';
comment on column accounts.round_id is 'Reporting round (rounds.round_id).';
comment on column accounts.target_id is 'Target the account is about.';
comment on column accounts.initiative_id is 'Initiative of the target.';
comment on column accounts.story is 'The story behind the curve (Markdown).';
comment on column accounts.partners is 'Partners with a role in turning the curve (Markdown).';
comment on column accounts.action_plan is 'What works and what we will do: the action plan (Markdown).';
comment on column accounts.next_step is 'The next step (Markdown).';
comment on column accounts.next_step_date is 'Date of the next step.';
comment on column accounts.author is 'Role or user who wrote this version (never a personal name in the catalogue).';
comment on column accounts.entered_at is 'When this version was written.';
comment on column accounts.supersedes is 'account_id of the version this one replaces (null = the first version).';
