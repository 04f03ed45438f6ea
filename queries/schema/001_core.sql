-- Schema version 1: the catalogue, measurements, assessments, rounds, budget, audit.
-- Applied by `maalbord init` (queries/store.py) inside one transaction.

create table meta (
    key   varchar primary key,
    value varchar
);
comment on table meta is 'Store metadata: schema_version, synthetic (true when the store holds synthetic demo data), catalogue_hash.';
comment on column meta.key is 'Setting name.';
comment on column meta.value is 'Setting value as text.';

create table administrations (
    administration_id varchar primary key,
    name    varchar not null,
    name_en varchar
);
comment on table administrations is 'Forvaltninger (administrations) of Copenhagen Municipality, e.g. BIF, SOF, SUF.';
comment on column administrations.administration_id is 'Short id, e.g. BIF.';
comment on column administrations.name is 'Danish name.';
comment on column administrations.name_en is 'English name.';

create table committees (
    committee_id varchar primary key,
    name    varchar not null,
    name_en varchar,
    administration_id varchar
);
comment on table committees is 'Udvalg (political committees), e.g. BIU, SUD, SOU.';
comment on column committees.committee_id is 'Short id, e.g. BIU.';
comment on column committees.name is 'Danish name.';
comment on column committees.name_en is 'English name.';
comment on column committees.administration_id is 'The administration that serves the committee.';

create table documents (
    document_id varchar primary key,
    title       varchar not null,
    doc_date    date,
    doc_year    integer,
    case_no     varchar,
    document_no varchar,
    seed_file   varchar not null,
    kind        varchar,
    administration_id varchar,
    committees  varchar,
    price_level varchar
);
comment on table documents is 'Source documents (the five seeds): every initiative, target and figure traces back to one.';
comment on column documents.document_id is 'Short id, e.g. BI07, STATUS2013.';
comment on column documents.title is 'Title as written in the document.';
comment on column documents.doc_date is 'Date stated in the document (null if none).';
comment on column documents.doc_year is 'Year the document was written.';
comment on column documents.case_no is 'Sagsnr. if stated.';
comment on column documents.document_no is 'Dokumentnr. if stated.';
comment on column documents.seed_file is 'File name of the source text in shared/seeds, e.g. 000_ff03dc6b644e52c2.txt.';
comment on column documents.kind is 'budgetforslag, analyse, statusnotat or business_case.';
comment on column documents.administration_id is 'Administration that wrote the document.';
comment on column documents.committees is 'Committees the document is addressed to, comma-separated ids.';
comment on column documents.price_level is 'Price level of its amounts, e.g. 2022 p/l.';

create table themes (
    theme_id    varchar primary key,
    document_id varchar not null,
    number      integer,
    title       varchar not null
);
comment on table themes is 'Themes (temaer) that group initiatives in a document, e.g. the four themes of the 2013 strategy.';
comment on column themes.theme_id is 'Stable id, e.g. status2013-t1.';
comment on column themes.document_id is 'Document the theme belongs to.';
comment on column themes.number is 'Theme number as printed.';
comment on column themes.title is 'Theme title, verbatim.';

create table initiatives (
    initiative_id varchar primary key,
    name          varchar not null,
    description   varchar,
    document_id   varchar not null,
    theme_id      varchar,
    section       varchar,
    lead_administration varchar,
    partner_administrations varchar,
    committee_id  varchar,
    target_group  varchar,
    period_start  date,
    period_end    date,
    implementation_state varchar not null,
    state_reason  varchar,
    reported_smiley varchar,
    smiley_note   varchar,
    passage       varchar,
    sort_order    integer
);
comment on table initiatives is 'Indsatser (initiatives) funded by the politicians, each from one source document.';
comment on column initiatives.initiative_id is 'Stable id, prefixed by the document, e.g. bi07-veteraner-koordination.';
comment on column initiatives.name is 'Name as the document gives it.';
comment on column initiatives.description is 'Short description (Danish).';
comment on column initiatives.document_id is 'Source document.';
comment on column initiatives.theme_id is 'Theme, if the document groups initiatives in themes.';
comment on column initiatives.section is 'Section outside the themes, e.g. Andre nye indsatser.';
comment on column initiatives.lead_administration is 'Lead administration id.';
comment on column initiatives.partner_administrations is 'Partner administration ids, comma-separated.';
comment on column initiatives.committee_id is 'Committee that holds the initiative.';
comment on column initiatives.target_group is 'Målgruppe as stated.';
comment on column initiatives.period_start is 'Start of the initiative period.';
comment on column initiatives.period_end is 'End of the initiative period.';
comment on column initiatives.implementation_state is 'planned, running, in_operation, paused, stopped or completed.';
comment on column initiatives.state_reason is 'Why paused/stopped, e.g. no_funding.';
comment on column initiatives.reported_smiley is 'Smiley the document reported: green, yellow, red, or null if none shown.';
comment on column initiatives.smiley_note is 'Note when the document shows no smiley.';
comment on column initiatives.passage is 'The source paragraph(s), verbatim.';
comment on column initiatives.sort_order is 'Order of appearance in the document.';

create table targets (
    target_id      varchar not null,
    version        integer not null default 1,
    valid_from     timestamp not null,
    valid_to       timestamp,
    initiative_id  varchar not null,
    text           varchar not null,
    short_text     varchar,
    kind           varchar not null,
    target_value   double,
    unit           varchar,
    direction      varchar not null default 'higher',
    horizon        varchar,
    deadline       date,
    baseline_value double,
    baseline_date  date,
    baseline_note  varchar,
    measure        varchar,
    anchor         varchar,
    event_kind     varchar,
    offset_months  integer,
    states         varchar,
    outcome        varchar,
    arms           varchar,
    tolerance      double,
    first_followup date,
    frequency_months integer,
    responsible    varchar,
    progression_dimension varchar,
    note           varchar,
    sort_order     integer,
    changed_by     varchar,
    change_reason  varchar,
    primary key (target_id, version)
);
comment on table targets is 'Målsætninger (targets). Versioned: a change of value or tolerance closes the old version (valid_to) and adds a new one; nothing is deleted.';
comment on column targets.target_id is 'Stable id, e.g. bi07-veteraner-job-6m.';
comment on column targets.version is 'Version number, 1 = as in the catalogue.';
comment on column targets.valid_from is 'When this version took effect.';
comment on column targets.valid_to is 'When this version was replaced (null = current).';
comment on column targets.initiative_id is 'Initiative the target belongs to.';
comment on column targets.text is 'The target as the document states it, verbatim (Danish).';
comment on column targets.short_text is 'Short label for tables.';
comment on column targets.kind is 'share, retention, effect, level or implementation.';
comment on column targets.target_value is 'Target number; null for a figure tracked without a target.';
comment on column targets.unit is 'pct, pp, persons, days, meetings_per_week, years, count or tdkk.';
comment on column targets.direction is 'higher or lower is better.';
comment on column targets.horizon is 'When the target applies, in words.';
comment on column targets.deadline is 'Date by which the target should be met, if stated.';
comment on column targets.baseline_value is 'Stated starting point, if any.';
comment on column targets.baseline_date is 'Date of the baseline.';
comment on column targets.baseline_note is 'Where the baseline comes from.';
comment on column targets.measure is 'Measure SQL file that computes it (share, retention, effect); null for entered targets.';
comment on column targets.anchor is 'Cohort anchor: start, end (completed enrolments only) or event.';
comment on column targets.event_kind is 'Event kind for anchor event, e.g. kickoff_event.';
comment on column targets.offset_months is 'Months after the anchor at which the outcome is measured.';
comment on column targets.states is 'States that count as success, comma-separated (job,education).';
comment on column targets.outcome is 'Event outcome for effect targets on events, e.g. psychiatric_admission_days.';
comment on column targets.arms is 'Arms measured, comma-separated (treatment or treatment,control).';
comment on column targets.tolerance is 'Tolerance in the target''s unit; null = default 10 % of the target value.';
comment on column targets.first_followup is 'Date of the first follow-up.';
comment on column targets.frequency_months is 'Months between follow-ups.';
comment on column targets.responsible is 'Who follows up.';
comment on column targets.progression_dimension is 'Progression dimension for sub-goals measured by the progression tool.';
comment on column targets.note is 'Note on how the target was read from its document (assumptions, ranges).';
comment on column targets.sort_order is 'Order of appearance in the document.';
comment on column targets.changed_by is 'Who created this version.';
comment on column targets.change_reason is 'Why this version was created.';

create sequence measurement_seq start 1;
create table measurements (
    measurement_id bigint primary key default nextval('measurement_seq'),
    target_id      varchar not null,
    target_version integer not null default 1,
    as_of          date not null,
    arm            varchar not null default 'all',
    value          double,
    numerator      double,
    denominator    double,
    pending        double,
    ci_low         double,
    ci_high        double,
    source         varchar not null,
    document_id    varchar,
    origin         varchar not null,
    synthetic      boolean not null default false,
    entered_by     varchar not null,
    entered_at     timestamp not null,
    note           varchar,
    supersedes     bigint,
    batch_id       varchar
);
comment on table measurements is 'Actuals. Append-only: a correction is a new row whose supersedes points at the row it replaces; nothing is updated or deleted.';
comment on column measurements.measurement_id is 'Row id.';
comment on column measurements.target_id is 'Target measured.';
comment on column measurements.target_version is 'Target version the value was judged against.';
comment on column measurements.as_of is 'Date the value refers to.';
comment on column measurements.arm is 'all, treatment, control or effect (treatment minus control).';
comment on column measurements.value is 'The value in the target''s unit (percent for shares); null when the document states none.';
comment on column measurements.numerator is 'Count of successes (shares).';
comment on column measurements.denominator is 'Cohort size n (shares).';
comment on column measurements.pending is 'Enrolments not yet matured at as_of (computed measures).';
comment on column measurements.ci_low is 'Lower bound of the 95 % interval.';
comment on column measurements.ci_high is 'Upper bound of the 95 % interval.';
comment on column measurements.source is 'Where the value comes from: a quote or table of a document, a file name, or beregnet.';
comment on column measurements.document_id is 'Source document, for figures from the seeds.';
comment on column measurements.origin is 'catalogue, import, form or beregnet (computed from microdata).';
comment on column measurements.synthetic is 'True when computed from synthetic demo data.';
comment on column measurements.entered_by is 'Who entered it (user or catalogue).';
comment on column measurements.entered_at is 'When it was entered.';
comment on column measurements.note is 'Free note.';
comment on column measurements.supersedes is 'measurement_id of the row this one corrects.';
comment on column measurements.batch_id is 'Import batch (see imports) or refresh run.';

create table rounds (
    round_id     varchar primary key,
    committee_id varchar not null,
    meeting_date date not null,
    title        varchar not null,
    document_id  varchar,
    created_by   varchar,
    created_at   timestamp
);
comment on table rounds is 'Reporting rounds: a committee meeting at which targets are followed up.';
comment on column rounds.round_id is 'Id, e.g. BIU-2013-08-08.';
comment on column rounds.committee_id is 'Committee.';
comment on column rounds.meeting_date is 'Meeting date.';
comment on column rounds.title is 'Title of the round.';
comment on column rounds.document_id is 'Document the round was reported in, if any.';
comment on column rounds.created_by is 'Who created the round.';
comment on column rounds.created_at is 'When the round was created.';

create sequence assessment_seq start 1;
create table assessments (
    assessment_id bigint primary key default nextval('assessment_seq'),
    initiative_id varchar not null,
    target_id     varchar,
    round_id      varchar,
    state         varchar not null,
    text          varchar not null,
    author        varchar not null,
    assessed_at   timestamp not null,
    supersedes    bigint
);
comment on table assessments is 'A person''s judgement (smiley + reason) of a target or initiative in a reporting round. Overrides the computed proposal for that round; append-only.';
comment on column assessments.assessment_id is 'Row id.';
comment on column assessments.initiative_id is 'Initiative assessed.';
comment on column assessments.target_id is 'Target assessed (null = the initiative as a whole).';
comment on column assessments.round_id is 'Reporting round.';
comment on column assessments.state is 'green, yellow, red, none or unsure.';
comment on column assessments.text is 'Reason (mandatory).';
comment on column assessments.author is 'Role or user who assessed.';
comment on column assessments.assessed_at is 'When.';
comment on column assessments.supersedes is 'assessment_id this one replaces.';

create sequence budget_seq start 1;
create table budget_lines (
    budget_line_id bigint primary key default nextval('budget_seq'),
    document_id   varchar not null,
    initiative_id varchar,
    activity      varchar not null,
    budget_area   varchar,
    committee_id  varchar,
    appropriation varchar,
    year          integer not null,
    period_label  varchar not null,
    amount_tdkk   decimal(12, 1) not null,
    price_level   varchar,
    kind          varchar not null,
    source_table  varchar,
    note          varchar,
    sort_order    integer
);
comment on table budget_lines is 'Money: budget, earlier allocations, expected savings, investments and actuals per activity and year.';
comment on column budget_lines.budget_line_id is 'Row id.';
comment on column budget_lines.document_id is 'Source document.';
comment on column budget_lines.initiative_id is 'Initiative the line funds.';
comment on column budget_lines.activity is 'Activity row label, verbatim.';
comment on column budget_lines.budget_area is 'Styringsområde: Service, EI or EO.';
comment on column budget_lines.committee_id is 'Committee that holds the appropriation.';
comment on column budget_lines.appropriation is 'Bevilling number, e.g. 35.10.';
comment on column budget_lines.year is 'Year (2016/17 is stored as 2017).';
comment on column budget_lines.period_label is 'Year as printed, e.g. 2016/17.';
comment on column budget_lines.amount_tdkk is 'Amount in 1.000 kr.';
comment on column budget_lines.price_level is 'Price level, e.g. 2022 p/l or løbende p/l.';
comment on column budget_lines.kind is 'budget, earlier_allocation, expected_saving, investment or actual.';
comment on column budget_lines.source_table is 'Table in the document.';
comment on column budget_lines.note is 'Free note.';
comment on column budget_lines.sort_order is 'Order of appearance.';

create sequence audit_seq start 1;
create table audit_log (
    audit_id   bigint primary key default nextval('audit_seq'),
    logged_at  timestamp not null,
    actor      varchar not null,
    action     varchar not null,
    object     varchar,
    detail     varchar
);
comment on table audit_log is 'Who did what when: init, imports (file name, hash, rows added/superseded), form edits (before/after).';
comment on column audit_log.audit_id is 'Row id.';
comment on column audit_log.logged_at is 'When.';
comment on column audit_log.actor is 'OS user (CLI) or app user.';
comment on column audit_log.action is 'What, e.g. init, import_measurements, form_measurement.';
comment on column audit_log.object is 'What it touched (file name, target id).';
comment on column audit_log.detail is 'JSON detail: hash, counts, before/after.';
