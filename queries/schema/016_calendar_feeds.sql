-- Schema version 16: subscribable calendar addresses (issue 20). Each row is one secret address
-- (a capability URL, as Google Calendar's "secret address in iCal format"): the app serves
-- /kalender/<token>.ics to anyone holding it, without sign-in, so calendars can subscribe. A data
-- steward or admin makes, replaces and revokes them on the Opfølgning page; a revoked row is kept
-- (revoked_at) and its address answers 404. At most one live address per scope (all committees or one).

create table calendar_feeds (
    token        varchar primary key,
    committee_id varchar,
    created_at   timestamp not null,
    created_by   varchar not null,
    revoked_at   timestamp,
    revoked_by   varchar
);
comment on table calendar_feeds is 'Secret subscription addresses of the follow-up calendar (/kalender/<token>.ics). Revoked rows are kept; a revoked or unknown token answers 404.';
comment on column calendar_feeds.token is 'The random secret in the address (secrets.token_urlsafe, 256 bits).';
comment on column calendar_feeds.committee_id is 'The committee whose follow-ups the calendar holds (null: every committee).';
comment on column calendar_feeds.created_at is 'When the address was made.';
comment on column calendar_feeds.created_by is 'Who made it (signed-in user in the app, OS user in the CLI).';
comment on column calendar_feeds.revoked_at is 'When it stopped working (null: live).';
comment on column calendar_feeds.revoked_by is 'Who revoked or replaced it.';

-- Owners: a version can say "no owner of its own" (a data steward removed the override): a target
-- then has its initiative's owner, an initiative its lead administration's mailbox (the catalogue's
-- default, which `maalbord init` keeps current in such a version). administration_id/mailbox of
-- such a row hold the owner it fell back to when it was written.
alter table owners add column inherits boolean default false;
comment on column owners.inherits is 'true: no owner of its own (the override was removed): a target has its initiative''s owner, an initiative its lead administration''s mailbox.';
