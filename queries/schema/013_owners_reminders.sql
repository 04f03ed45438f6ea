-- Schema version 13: owners of initiatives and targets (an administration and a functional mailbox,
-- never a person), and the reminders `maalbord remind` has sent (issue 20).
-- Owners are versioned like targets: a change closes the current row (valid_to) and adds the next;
-- nothing is overwritten. A target without an owner row of its own is owned by its initiative's owner
-- (v_owners, queries/owners.py).

create table owners (
    object_kind       varchar not null,
    object_id         varchar not null,
    version           integer not null,
    administration_id varchar not null,
    mailbox           varchar not null,
    valid_from        timestamp not null,
    valid_to          timestamp,
    changed_by        varchar not null,
    change_reason     varchar,
    primary key (object_kind, object_id, version)
);
comment on table owners is 'Owner of an initiative or a target: an administration and a functional mailbox (no personal names). Append-only versions; the current one has valid_to null. A target with no row of its own is owned by its initiative''s owner.';
comment on column owners.object_kind is 'initiative or target.';
comment on column owners.object_id is 'initiative_id or target_id.';
comment on column owners.version is '1, 2, … per object; a change adds the next version.';
comment on column owners.administration_id is 'The owning administration, e.g. BIF.';
comment on column owners.mailbox is 'Functional mailbox or role address the reminders go to.';
comment on column owners.valid_from is 'When this version took effect.';
comment on column owners.valid_to is 'When a newer version replaced it (null: current).';
comment on column owners.changed_by is 'katalog, or the user who changed it (OS user in the CLI, signed-in user in the app).';
comment on column owners.change_reason is 'Why it was changed.';

create table reminders_sent (
    target_id  varchar not null,
    due        date not null,
    recipient  varchar not null,
    kind       varchar not null,
    sent_at    timestamp not null,
    sent_by    varchar not null,
    message_id varchar,
    primary key (target_id, due, recipient)
);
comment on table reminders_sent is 'A follow-up reminded to a recipient by maalbord remind, recorded only after the SMTP server accepted the message: never sent twice for the same follow-up and recipient.';
comment on column reminders_sent.target_id is 'The target followed up.';
comment on column reminders_sent.due is 'The follow-up date.';
comment on column reminders_sent.recipient is 'The mailbox the reminder went to.';
comment on column reminders_sent.kind is 'owner (the owner''s e-mail) or steward (the data stewards'' digest).';
comment on column reminders_sent.sent_at is 'When the server accepted the message.';
comment on column reminders_sent.sent_by is 'OS user that ran maalbord remind.';
comment on column reminders_sent.message_id is 'Message-ID header of the e-mail.';
