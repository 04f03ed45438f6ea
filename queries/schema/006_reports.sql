-- Schema version 6: meeting snapshots. A round (committee, meeting date, title) freezes what the
-- committee is shown; the frozen rows are never updated (a later correction of the data shows up
-- as a change in the next round, never in this one).

create table round_freezes (
    round_id     varchar primary key,
    frozen_at    timestamp not null,
    frozen_by    varchar not null,
    as_of        date not null,
    n_initiatives integer not null,
    n_targets    integer not null
);
comment on table round_freezes is 'One row per reporting round whose snapshot has been frozen. Written once, never updated; a round without a row here has no snapshot yet.';
comment on column round_freezes.round_id is 'Reporting round (rounds.round_id).';
comment on column round_freezes.frozen_at is 'When the snapshot was taken.';
comment on column round_freezes.frozen_by is 'Who took it (OS user, app user, or katalog for the 2013 rounds).';
comment on column round_freezes.as_of is 'Date the data was read as of: the meeting date.';
comment on column round_freezes.n_initiatives is 'Initiatives in the snapshot.';
comment on column round_freezes.n_targets is 'Targets in the snapshot (rows in round_snapshots).';

create table round_snapshots (
    round_id          varchar not null,
    target_id         varchar not null,
    target_version    integer not null,
    initiative_id     varchar not null,
    committee_id      varchar not null,
    document_id       varchar,
    theme_id          varchar,
    theme_number      integer,
    theme_title       varchar,
    section           varchar,
    initiative_name   varchar not null,
    initiative_text   varchar,
    implementation_state varchar,
    initiative_sort   integer,
    target_sort       integer,
    target_text       varchar not null,
    short_text        varchar,
    kind              varchar,
    target_value      double,
    unit              varchar,
    direction         varchar,
    deadline          date,
    next_followup     date,
    measurement_id    bigint,
    measured_as_of    date,
    arm               varchar,
    value             double,
    numerator         double,
    n                 double,
    ci_low            double,
    ci_high           double,
    source            varchar,
    proposed          varchar,
    assessed          varchar,
    final             varchar not null,
    rule_text         varchar,
    assessment_text   varchar,
    initiative_state  varchar not null,
    initiative_assessment_text varchar,
    primary key (round_id, target_id)
);
comment on table round_snapshots is 'What a committee was shown at a meeting: per target of the round, the latest measurement, proposal, assessment, final state, rule text and texts as of the meeting date. Immutable: rows are inserted once when the round is frozen and never updated or deleted.';
comment on column round_snapshots.round_id is 'Reporting round.';
comment on column round_snapshots.target_id is 'Target.';
comment on column round_snapshots.target_version is 'Target version shown.';
comment on column round_snapshots.initiative_id is 'Initiative the target belongs to.';
comment on column round_snapshots.committee_id is 'Committee of the round.';
comment on column round_snapshots.document_id is 'Source document of the initiative.';
comment on column round_snapshots.theme_id is 'Theme of the initiative (null = none, shown under Andre nye indsatser).';
comment on column round_snapshots.theme_number is 'Theme number as printed.';
comment on column round_snapshots.theme_title is 'Theme title, verbatim.';
comment on column round_snapshots.section is 'Section outside the themes, e.g. Andre nye indsatser.';
comment on column round_snapshots.initiative_name is 'Initiative name as the document gives it.';
comment on column round_snapshots.initiative_text is 'The initiative''s paragraph shown in the report: its status text (assessment) if any, else the source passage.';
comment on column round_snapshots.implementation_state is 'Initiative implementation state at freezing (planned, running, in_operation, paused, stopped, completed).';
comment on column round_snapshots.initiative_sort is 'Order of the initiative in its document.';
comment on column round_snapshots.target_sort is 'Order of the target in its document.';
comment on column round_snapshots.target_text is 'The target, verbatim.';
comment on column round_snapshots.short_text is 'Short label of the target.';
comment on column round_snapshots.kind is 'Target kind (share, retention, effect, level, implementation).';
comment on column round_snapshots.target_value is 'Target number (null = tracked figure without a target).';
comment on column round_snapshots.unit is 'Unit of target and actual.';
comment on column round_snapshots.direction is 'higher or lower is better.';
comment on column round_snapshots.deadline is 'Deadline of the target, if stated.';
comment on column round_snapshots.next_followup is 'Next follow-up date after the meeting (first follow-up, then every frequency_months).';
comment on column round_snapshots.measurement_id is 'The measurement shown (null = none as of the meeting date).';
comment on column round_snapshots.measured_as_of is 'Date the shown measurement refers to.';
comment on column round_snapshots.arm is 'Arm of the shown measurement (all, treatment, effect).';
comment on column round_snapshots.value is 'The actual shown, in the target''s unit (raw; disclosure control is applied when rendering).';
comment on column round_snapshots.numerator is 'Count of successes behind a share (raw).';
comment on column round_snapshots.n is 'Cohort size n (raw).';
comment on column round_snapshots.ci_low is 'Lower bound of the 95 % interval (raw).';
comment on column round_snapshots.ci_high is 'Upper bound of the 95 % interval (raw).';
comment on column round_snapshots.source is 'Source of the shown measurement.';
comment on column round_snapshots.proposed is 'State proposed by the status rules (green, yellow, red, none, unsure).';
comment on column round_snapshots.assessed is 'State a person assessed for this target or its initiative (null = none).';
comment on column round_snapshots.final is 'State shown: the assessment when there is one, else the proposal.';
comment on column round_snapshots.rule_text is 'Why the rules proposed that state, in words (Danish).';
comment on column round_snapshots.assessment_text is 'The written reason of the assessment, if any.';
comment on column round_snapshots.initiative_state is 'The initiative''s state in the report: its own assessment if any, else the roll-up of its targets.';
comment on column round_snapshots.initiative_assessment_text is 'Reason of the initiative-level assessment, if any.';
