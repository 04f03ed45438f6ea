-- v_measurements: every measurement ever entered, with a flag for those a later row corrected.
create or replace view v_measurements as
select
    m.target_id,
    m.as_of,
    m.arm,
    m.value,
    m.numerator,
    m.denominator,
    m.source,
    m.entered_at,
    exists (select 1 from measurements n where n.supersedes = m.measurement_id) as superseded,
    m.measurement_id,
    m.pending,
    m.ci_low,
    m.ci_high,
    m.origin,
    m.synthetic,
    m.entered_by,
    m.note,
    m.supersedes,
    m.document_id,
    m.target_version,
    m.batch_id
from measurements m;
comment on view v_measurements is 'All measurements; superseded = a later correction exists. Stable columns: target_id, as_of, arm, value, numerator, denominator, source, entered_at, superseded.';
