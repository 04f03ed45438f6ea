-- Schema version 4: the materialised status proposals (derived data; recomputed after every change
-- by queries/status_table.py:recompute via store.AFTER_CHANGE — its rows are replaced, never edited).

create table status_proposals (
    level           varchar not null,
    target_id       varchar,
    initiative_id   varchar not null,
    as_of           date not null,
    kind            varchar,
    proposed        varchar not null,
    rule            varchar not null,
    basis           varchar,
    rule_text_da    varchar,
    rule_text_en    varchar,
    actual          double,
    goal            double,
    target_value    double,
    tolerance       double,
    unit            varchar,
    direction       varchar,
    n               double,
    ci_low          double,
    ci_high         double,
    measured_at     date,
    assessed        varchar,
    assessment_id   bigint,
    assessed_by     varchar,
    assessed_at     timestamp,
    assessment_text varchar,
    round_id        varchar,
    final           varchar not null,
    sort_order      integer not null
);
comment on table status_proposals is 'Derived: the computed status (smiley) of every current target (level target) and every initiative (level initiative, target_id null) at as_of, with the assessment that applies then. Rebuilt by queries/status_table.py:recompute after each data change; do not edit. Read it through v_status / v_status_initiatives.';
comment on column status_proposals.level is 'target (one row per current target) or initiative (the roll-up of its targets and implementation state).';
comment on column status_proposals.target_id is 'The target; null on initiative rows.';
comment on column status_proposals.initiative_id is 'The initiative.';
comment on column status_proposals.as_of is 'The date the status was computed for (the day of the last recompute).';
comment on column status_proposals.kind is 'Target kind (share/retention/effect/level/implementation); null on initiative rows.';
comment on column status_proposals.proposed is 'Computed state: green, yellow, red, none (not measured / not due / no target) or unsure (small cohort, interval spans the target). Rules: docs/status.md.';
comment on column status_proposals.rule is 'Id of the rule that produced proposed, e.g. on_target, within_tolerance, beyond_tolerance, small_n, not_due, no_data, impl_no_funding, rollup_worst.';
comment on column status_proposals.basis is 'What was compared: target, trajectory (the straight line from baseline to target before the deadline), effect (difference vs control), effect_trajectory, implementation, none.';
comment on column status_proposals.rule_text_da is 'The rule in words, in Danish, e.g. "40 % mål, 37 % opnået (n=112, 95 %-interval 29–46 %): inden for tolerance".';
comment on column status_proposals.rule_text_en is 'The rule in words, in English.';
comment on column status_proposals.actual is 'The value compared, in the target unit; for effect targets the improvement over the control group in the target direction.';
comment on column status_proposals.goal is 'The value compared against: the target value, or the trajectory point at as_of.';
comment on column status_proposals.target_value is 'The target value (null for figures tracked without a target).';
comment on column status_proposals.tolerance is 'The tolerance used, in the target unit (the target''s own, or 10 % of the target value).';
comment on column status_proposals.unit is 'Unit of target_value, actual, goal, ci_low and ci_high (pct, pp, persons, days, …).';
comment on column status_proposals.direction is 'higher or lower (is better).';
comment on column status_proposals.n is 'Number of citizens the actual is based on (the denominator; for effects the smaller arm).';
comment on column status_proposals.ci_low is 'Lower end of the 95 % interval of actual (stored on the measurement, else Wilson / Newcombe).';
comment on column status_proposals.ci_high is 'Upper end of the 95 % interval of actual.';
comment on column status_proposals.measured_at is 'as_of date of the measurement used.';
comment on column status_proposals.assessed is 'State given by a person in the assessment that applies at as_of (null if none).';
comment on column status_proposals.assessment_id is 'The assessment that applies (assessments.assessment_id).';
comment on column status_proposals.assessed_by is 'Author (a role, never a personal name) of that assessment.';
comment on column status_proposals.assessed_at is 'When that assessment was made.';
comment on column status_proposals.assessment_text is 'The written reason of that assessment.';
comment on column status_proposals.round_id is 'The reporting round of that assessment.';
comment on column status_proposals.final is 'The state to show: assessed when an assessment applies, else proposed.';
comment on column status_proposals.sort_order is 'Display order: targets in catalogue order (document, initiative, target), then initiatives.';
