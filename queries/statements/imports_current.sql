-- name: imports_current
-- title: Gældende indtastede målinger (the current entered measurement per target, date and arm)
-- params: none
-- returns: per (target_id, as_of, arm) the current (not superseded, v_measurements) measurement as
--          entered — catalogue, import, form; computed figures (origin 'beregnet') have their own chain
--          and are never touched by an import — with its id as `supersedes` and its old value and counts,
--          which imports.plan compares an imported row with
select m.target_id, m.as_of, m.arm, m.measurement_id as supersedes, m.value as old_value,
       m.numerator as old_numerator, m.denominator as old_denominator
from v_measurements m
where m.origin <> 'beregnet' and not m.superseded
qualify row_number() over (partition by m.target_id, m.as_of, m.arm order by m.measurement_id desc) = 1
