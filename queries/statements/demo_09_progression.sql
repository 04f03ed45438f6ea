-- name: demo_09_progression
-- title: Demo data, step 9: progression scores 1–5 for the randomised initiatives' sub-goals
-- params: $seed   the seed of every draw
--         $today  no assessment after this date
-- makes: rows of progression. The dimensions are exactly those the catalogue's current targets name
--        (progression_dimension), so the scores line up with the targets (v_progression); an
--        initiative without such targets gets none. One assessment at the start, then every 3 months
--        (a few days' jitter) for up to two years while enrolled, about 90 % of them done. Score: a
--        per-citizen level per dimension, plus noise, plus a drift per quarter that is a little
--        larger in the treatment arm (0.18) than in the control arm (0.07).
insert into progression
with dims as (
    select distinct t.initiative_id, t.progression_dimension as dim
    from targets t join _cfg c using (initiative_id)
    where c.randomised and t.valid_to is null and t.progression_dimension is not null
),
slots as (
    select e.i, e.nr, e.citizen_id, e.arm, e.start_date, e.planned_end, d.dim, q,
        (e.start_date + to_months((3 * q)::int))::date
            + (case when q = 0 then 0 else 1 + u2($seed, e.i, q, d.dim || 'jit') * 20 end)::int as date
    from _enr e join dims d using (initiative_id), (select unnest(range(9)) as q)
)
select citizen_id, date, dim,
    least(5, greatest(1, round(1.4 + u2($seed, i, nr, dim || 'lvl') * 2.2
                               + q * case when arm = 'treatment' then 0.18 else 0.07 end
                               + (u2($seed, i, q, dim) - 0.5) * 1.2)))::tinyint
from slots
where date <= least($today::date, planned_end) and (q = 0 or u2($seed, i, q, dim || 'done') < 0.9);
