-- Schema version 3: pseudonymised citizen-level microdata from which share, retention and effect
-- targets are computed (queries/measures/*.sql, maalbord refresh). Ids are pseudonyms: no CPR
-- numbers, no names.

create table citizens (
    citizen_id  varchar primary key,
    birth_year  smallint,
    sex         varchar,
    district    varchar
);
comment on table citizens is 'Pseudonymised citizens (borgere). No CPR numbers or names: citizen_id is a pseudonym.';
comment on column citizens.citizen_id is 'Pseudonymous id, stable within a delivery (e.g. P0000001).';
comment on column citizens.birth_year is 'Year of birth.';
comment on column citizens.sex is 'Sex as registered: k (female), m (male) or null.';
comment on column citizens.district is 'City district (bydel), e.g. Nørrebro.';

create table enrolments (
    enrolment_id  varchar primary key,
    citizen_id    varchar not null,
    initiative_id varchar not null,
    arm           varchar not null default 'treatment',
    start_date    date not null,
    end_date      date,
    completed     boolean not null default false
);
comment on table enrolments is 'Forløb: one row per enrolment of a citizen in an initiative. The enrolment (not the citizen) is the cohort unit: a citizen enrolled twice counts twice.';
comment on column enrolments.enrolment_id is 'Row id (pseudonymous; generated on import when the file has none).';
comment on column enrolments.citizen_id is 'Pseudonymous citizen id.';
comment on column enrolments.initiative_id is 'Initiative (indsats) enrolled in.';
comment on column enrolments.arm is 'treatment or control (randomised trials); treatment when not a trial.';
comment on column enrolments.start_date is 'First day of the enrolment.';
comment on column enrolments.end_date is 'Last day of the enrolment; null = ongoing.';
comment on column enrolments.completed is 'True when the citizen completed the effort (anchor end counts only these).';

create table spells (
    citizen_id varchar not null,
    state      varchar not null,
    from_date  date not null,
    to_date    date
);
comment on table spells is 'Status spells (forløb i en tilstand): job, education, flexjob, cash_benefit, sickness_benefit, unemployment_benefit, resource_course, disability_pension, leisure_job, club_activity. Spells of a citizen may overlap.';
comment on column spells.citizen_id is 'Pseudonymous citizen id.';
comment on column spells.state is 'State id, e.g. job.';
comment on column spells.from_date is 'First day in the state.';
comment on column spells.to_date is 'Last day in the state (inclusive); null = still running.';

create table events (
    citizen_id varchar not null,
    kind       varchar not null,
    date       date not null,
    value      double
);
comment on table events is 'Dated events: kickoff_event (attended), psychiatric_admission_days (value = days), psychiatry_contact (value = 1) …';
comment on column events.citizen_id is 'Pseudonymous citizen id.';
comment on column events.kind is 'Event kind.';
comment on column events.date is 'Date of the event.';
comment on column events.value is 'Quantity, e.g. admission days; null or 1 for a plain occurrence.';

create table progression (
    citizen_id varchar not null,
    date       date not null,
    dimension  varchar not null,
    score      tinyint not null check (score between 1 and 5)
);
comment on table progression is 'Progression assessments (progressionsværktøj) for the business case''s sub-goals: one score 1–5 per citizen, date and dimension.';
comment on column progression.citizen_id is 'Pseudonymous citizen id.';
comment on column progression.date is 'Date of the assessment.';
comment on column progression.dimension is 'Dimension assessed, e.g. health, housing, work_readiness.';
comment on column progression.score is 'Score 1 (lowest) to 5 (highest).';
